package dev.marketstream.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The tests' one Redis helper, on the Vert.x Redis client and independent of the application under test: a real
 * SUBSCRIBE on delivery channels (what a gateway pod sees) and plain commands to read, probe and clean up.
 */
public final class RedisProbe implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Redis client;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private RedisConnection subscriber;

    public RedisProbe(String uri) {
        this.client = Redis.createClient(vertx, uri);
    }

    /** The local stack's Redis. */
    public RedisProbe() {
        this(LocalStack.redisUri());
    }

    /** One entry of a stream: its id and fields. */
    public record Entry(String id, Map<String, String> fields) {
    }

    /** Subscribes to channels; messages arrive in {@link #messages()} in order. */
    public RedisProbe subscribe(String... channels) {
        if (subscriber == null) {
            subscriber = await(client.connect());
            subscriber.handler(message -> {
                if ((message.type() == ResponseType.PUSH || message.type() == ResponseType.MULTI) && message.size() == 3 && "message".equals(message.get(0).toString())) {
                    received.add(message.get(2).toString());
                }
            });
        }
        Request subscribe = Request.cmd(Command.SUBSCRIBE);
        for (String channel : channels) {
            subscribe.arg(channel);
        }
        await(subscriber.send(subscribe));
        return this;
    }

    public List<String> messages() {
        return List.copyOf(received);
    }

    public Response send(Command command, Object... args) {
        Request request = Request.cmd(command);
        for (Object arg : args) {
            request.arg(String.valueOf(arg));
        }
        return await(client.send(request));
    }

    /** Runs a command with binary arguments: a {@code byte[]} as it is, anything else as text. */
    public Response sendBytes(Command command, Object... args) {
        Request request = Request.cmd(command);
        for (Object arg : args) {
            if (arg instanceof byte[] bytes) {
                request.arg(bytes);
            } else {
                request.arg(String.valueOf(arg));
            }
        }
        return await(client.send(request));
    }

    /** Runs a command whose reply is an integer (XLEN, DEL, SREM, HDEL, ...). */
    public long integer(Command command, Object... args) {
        return send(command, args).toLong();
    }

    public List<Entry> range(String stream) {
        Response reply = send(Command.XRANGE, stream, "-", "+");
        List<Entry> entries = new ArrayList<>();
        if (reply == null) {
            return entries;
        }
        for (Response entry : reply) {
            Map<String, String> fields = new LinkedHashMap<>();
            Response pairs = entry.get(1);
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                fields.put(pairs.get(i).toString(), pairs.get(i + 1).toString());
            }
            entries.add(new Entry(entry.get(0).toString(), fields));
        }
        return entries;
    }

    /** Entries pending in the group (XPENDING summary count). */
    public long pending(String stream, String group) {
        return send(Command.XPENDING, stream, group).get(0).toLong();
    }

    /** Ids of the entries pending in the group, whoever holds them (XPENDING with a range, up to 10,000). */
    public List<String> pendingIds(String stream, String group) {
        List<String> ids = new ArrayList<>();
        for (Response pending : send(Command.XPENDING, stream, group, "-", "+", 10_000)) {
            ids.add(pending.get(0).toString());
        }
        return ids;
    }

    public String get(String key) {
        Response value = send(Command.GET, key);
        return value == null ? null : value.toString();
    }

    /** Deletes a test stream with its dead letters, failure counts and order queues. */
    public static void deleteStreamKeys(String uri, String stream) {
        try (RedisProbe probe = new RedisProbe(uri)) {
            String cursor = "0";
            do {
                Response scan = probe.send(Command.SCAN, cursor, "MATCH", stream + "*", "COUNT", 1000);
                cursor = scan.get(0).toString();
                for (Response key : scan.get(1)) {
                    probe.send(Command.DEL, key.toString());
                }
            } while (!"0".equals(cursor));
        }
    }

    @Override
    public void close() {
        if (subscriber != null) {
            subscriber.close();
        }
        client.close();
        vertx.close();
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("redis: " + e.getMessage(), e);
        }
    }
}
