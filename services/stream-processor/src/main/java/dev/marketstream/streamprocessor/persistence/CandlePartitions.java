package dev.marketstream.streamprocessor.persistence;

import dev.marketstream.events.history.CandleTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The daily partitions of the bar tables: {@code <table>_pYYYYMMDD} holds the bars whose window starts on that UTC day.
 * A partition is made before the first bar of its day is written (and the next day's ahead of time), and dropped once
 * the whole day is older than the table's retention. DDL runs in transactions of its own under one advisory lock, so
 * several writers never race on the catalog and no bar transaction holds a lock on a parent table.
 */
public final class CandlePartitions {

    /** The partitioned tables, each with the retention that applies to it. */
    public record Table(String name, Duration retention) {
    }

    /** Any number the other advisory locks of this database do not use: "mscandle". */
    private static final long DDL_LOCK = 0x6d7363616e646c65L;

    private final List<Table> tables;
    private final Set<String> known = new HashSet<>();

    public CandlePartitions(List<Table> tables) {
        this.tables = List.copyOf(tables);
    }

    public static String partitionName(String table, LocalDate day) {
        return CandleTables.partition(table, day);
    }

    /** Whether a bar of {@code table} starting at {@code windowStart} is older than the table keeps. */
    public boolean expired(String table, Instant windowStart, Instant now) {
        return dayOf(windowStart).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                .isBefore(now.minus(retentionOf(table)));
    }

    /** Makes the partition of each day of {@code days} in {@code table} unless it is known to exist. */
    public void ensure(Connection connection, String table, Set<LocalDate> days) throws SQLException {
        List<LocalDate> missing = new ArrayList<>();
        for (LocalDate day : days) {
            if (!known.contains(partitionName(table, day))) {
                missing.add(day);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        inDdlTransaction(connection, statement -> {
            for (LocalDate day : missing) {
                statement.execute(CandleTables.createPartition(table, day));
            }
        });
        missing.forEach(day -> known.add(partitionName(table, day)));
    }

    /**
     * Makes today's and tomorrow's partitions of every table and drops those past their retention; returns the names
     * dropped.
     */
    public List<String> maintain(Connection connection, Instant now) throws SQLException {
        LocalDate today = dayOf(now);
        for (Table table : tables) {
            ensure(connection, table.name(), Set.of(today, today.plusDays(1)));
        }
        List<String> dropped = new ArrayList<>();
        for (Table table : tables) {
            for (String partition : partitionsOf(connection, table.name())) {
                LocalDate day = CandleTables.dayOf(table.name(), partition);
                if (day != null && expired(table.name(), day.atStartOfDay(ZoneOffset.UTC).toInstant(), now)) {
                    dropped.add(partition);
                }
            }
        }
        if (!dropped.isEmpty()) {
            inDdlTransaction(connection, statement -> {
                for (String partition : dropped) {
                    statement.execute("DROP TABLE IF EXISTS " + partition);
                }
            });
            known.removeAll(dropped);
        }
        return dropped;
    }

    private Duration retentionOf(String table) {
        return tables.stream().filter(t -> t.name().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no partitioned bar table " + table)).retention();
    }

    private static List<String> partitionsOf(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT child.relname FROM pg_inherits
                JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
                WHERE parent.relname = ? AND parent.relnamespace = to_regnamespace(current_schema())::oid""")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    static LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private interface Ddl {
        void run(Statement statement) throws SQLException;
    }

    private static void inDdlTransaction(Connection connection, Ddl ddl) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            ddl.run(statement);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
