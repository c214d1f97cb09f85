package dev.marketstream.wsgateway.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.marketstream.events.binary.Envelopes;
import dev.marketstream.events.binary.Intervals;
import dev.marketstream.events.codec.Check;
import dev.marketstream.events.codec.EventValidationException;
import dev.marketstream.events.history.CandleTables;
import dev.marketstream.platform.problem.Problem;
import dev.marketstream.platform.problem.ProblemException;
import dev.marketstream.wsgateway.domain.HistoryBar;
import dev.marketstream.wsgateway.domain.MarketUpdate;
import dev.marketstream.wsgateway.domain.Ports;
import dev.marketstream.wsgateway.protocol.DataType;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Market history: stored bars of a symbol (PostgreSQL, written by the stream processor) page by page, and its latest
 * values (the Redis snapshots the WebSocket subscribe also sends). Bars and values are the {@code data} objects of the
 * WebSocket frames (docs/protocol.md), so one parser reads both. Errors are problem+json naming the parameter.
 */
@Path("/api/v1/market/{symbol}")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "market")
@SecurityRequirement(name = "jwt")
public class MarketHistoryResource {

    static final int MAX_LIMIT = 5_000;
    private static final String CURSOR_PREFIX = "c1:";

    private final Ports.CandleHistory history;
    private final Ports.MarketSnapshots snapshots;

    public MarketHistoryResource(Ports.CandleHistory history, Ports.MarketSnapshots snapshots) {
        this.history = history;
        this.snapshots = snapshots;
    }

    /** One bar, as in a {@code market_candle} frame (documentation of the response; the body is written as rendered). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Candle(String symbol, @Schema(enumeration = {"1s", "1m", "5m", "1h", "1d"}) String interval, Instant windowStart,
            Instant windowEnd, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume, BigDecimal vwap,
            long tradeCount) {
    }

    /** A page of bars, oldest first; {@code next_cursor} and {@code next} are absent on the last page. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CandlePage(String symbol, String interval, Instant from, Instant to, List<Candle> candles,
            @Schema(description = "pass as cursor (with the same interval, from, to) for the next page") String nextCursor,
            @Schema(description = "the next page's path and query") String next) {
    }

    /** The latest values; a member is absent (null) when the pipeline has not written one yet. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Latest(String symbol, @Schema(description = "market_data data") Object price,
            @Schema(description = "market_volume data") Object volume,
            @Schema(description = "market_candle data of the last closed bar per interval (1s, 1m)") Map<String, Candle> candles,
            @Schema(description = "market_orderbook data of the latest full book") Object orderbook) {
    }

    @GET
    @Path("/candles")
    @Operation(summary = "Stored bars of a symbol whose window starts in [from, to), oldest first, a page of up to limit bars")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CandlePage.class)))
    @APIResponse(responseCode = "400", description = "a bad symbol, interval, time, range, limit or cursor (field names it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "a symbol the platform does not know",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<String> candles(@PathParam("symbol") String symbol,
            @Parameter(description = "1s, 1m, 5m, 1h or 1d") @QueryParam("interval") @DefaultValue("1m") String interval,
            @Parameter(description = "ISO-8601 instant, inclusive; default: limit windows before to") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive; default: now") @QueryParam("to") String to,
            @Parameter(description = "bars per page, 1-" + MAX_LIMIT) @QueryParam("limit") @DefaultValue("500") String limitText,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor) {
        String checked = symbol(symbol);
        int seconds = interval(interval);
        int limit = limit(limitText);
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minusSeconds((long) seconds * limit) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before to (" + end + ") but was " + start);
        }
        Instant pageStart = cursor == null ? start : cursor(cursor, start, end);
        return known(checked).chain(() -> history.between(checked, seconds, Envelopes.nanos(pageStart), Envelopes.nanos(end), limit + 1))
                .map(bars -> page(checked, interval, seconds, start, end, limit, bars));
    }

    @GET
    @Path("/latest")
    @Operation(summary = "The latest price, volume, closed bars (1s, 1m) and full order book of a symbol, from the Redis snapshots")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Latest.class)))
    @APIResponse(responseCode = "404", description = "a symbol the platform does not know",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<String> latest(@PathParam("symbol") String symbol) {
        String checked = symbol(symbol);
        List<Uni<List<MarketUpdate>>> reads = new ArrayList<>();
        List<DataType> types = List.of(DataType.PRICE, DataType.VOLUME, DataType.CANDLES, DataType.ORDERBOOK);
        types.forEach(type -> reads.add(snapshots.latest(type, List.of(checked))));
        return known(checked).chain(() -> Uni.join().all(reads).andFailFast())
                .onFailure(e -> !(e instanceof ProblemException)).transform(e -> ProblemException.unavailable("Redis: " + e.getMessage()))
                .map(values -> {
                    StringBuilder json = new StringBuilder(512).append("{\"symbol\":\"").append(checked).append('"');
                    for (int i = 0; i < types.size(); i++) {
                        List<MarketUpdate> found = values.get(i);
                        json.append(",\"").append(types.get(i).wireName()).append("\":");
                        if (types.get(i) == DataType.CANDLES) {
                            json.append(found.stream().map(u -> "\"" + u.variant() + "\":" + u.dataJson())
                                    .collect(Collectors.joining(",", "{", "}")));
                        } else {
                            json.append(found.isEmpty() ? "null" : found.get(0).dataJson());
                        }
                    }
                    return json.append('}').toString();
                });
    }

    private Uni<Void> known(String symbol) {
        return snapshots.unknownSymbols(Set.of(symbol))
                .onFailure().transform(e -> ProblemException.unavailable("the symbol list (Redis) cannot be read: " + e.getMessage()))
                .invoke(unknown -> {
                    if (!unknown.isEmpty()) {
                        throw ProblemException.notFound("the platform knows no symbol " + symbol);
                    }
                }).replaceWithVoid();
    }

    private static String page(String symbol, String interval, int seconds, Instant from, Instant to, int limit, List<HistoryBar> bars) {
        boolean more = bars.size() > limit;
        List<HistoryBar> shown = more ? bars.subList(0, limit) : bars;
        StringBuilder json = new StringBuilder(64 + shown.size() * 260).append("{\"symbol\":\"").append(symbol)
                .append("\",\"interval\":\"").append(interval).append("\",\"from\":\"").append(from).append("\",\"to\":\"").append(to)
                .append("\",\"candles\":[");
        for (int i = 0; i < shown.size(); i++) {
            json.append(i == 0 ? "" : ",").append(shown.get(i).dataJson());
        }
        json.append(']');
        if (more) {
            long next = shown.get(shown.size() - 1).windowStartNanos() + seconds * 1_000_000_000L;
            String cursor = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((CURSOR_PREFIX + Envelopes.instant(next)).getBytes(StandardCharsets.UTF_8));
            json.append(",\"next_cursor\":\"").append(cursor).append("\",\"next\":\"/api/v1/market/").append(symbol)
                    .append("/candles?interval=").append(interval).append("&from=").append(from).append("&to=").append(to)
                    .append("&limit=").append(limit).append("&cursor=").append(cursor).append('"');
        }
        return json.append('}').toString();
    }

    private static String symbol(String symbol) {
        try {
            return Check.marketSymbol(symbol, "symbol");
        } catch (EventValidationException e) {
            throw ProblemException.invalid("symbol", e.reason());
        }
    }

    private static int interval(String name) {
        int seconds = Intervals.seconds(name);
        if (!CandleTables.INTERVALS.contains(seconds)) {
            throw ProblemException.invalid("interval", "must be one of 1s, 1m, 5m, 1h, 1d but was '" + name + "'");
        }
        return seconds;
    }

    private static int limit(String text) {
        int limit;
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be a whole number between 1 and " + MAX_LIMIT + " but was '" + text + "'");
        }
        return limit;
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-12-01T14:30:00Z but was '" + value + "'");
        }
    }

    /** The page start a cursor stands for; it must lie in the request's range. */
    private static Instant cursor(String cursor, Instant from, Instant to) {
        Instant at;
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith(CURSOR_PREFIX)) {
                throw new IllegalArgumentException("not a cursor");
            }
            at = Instant.parse(decoded.substring(CURSOR_PREFIX.length()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ProblemException.invalid("cursor", "is not a next_cursor this API returned");
        }
        if (at.isBefore(from) || !at.isBefore(to)) {
            throw ProblemException.invalid("cursor", "belongs to another range; ask again with the from and to of the first page");
        }
        return at;
    }
}
