package dev.marketstream.eventprocessor.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.eventprocessor.support.TestRun;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the Vert.x client reports the replies a real Redis refuses with, and what is not a reply at all. */
class RedisRepliesTest {

    private static final String KEY = "test-" + TestRun.ID + "-redis-replies";
    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void connect() throws Exception {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, TestRun.REDIS_URI);
        await(redis.send(Request.cmd(Command.SET).arg(KEY).arg("a string, not a stream")));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        await(redis.send(Request.cmd(Command.DEL).arg(KEY)));
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCommandOnTheWrongKeyTypeIsARejection() {
        Throwable failure = failureOf(redis.send(Request.cmd(Command.XADD).arg(KEY).arg("*").arg("f").arg("v")));

        assertThat(RedisReplies.errorReply(failure)).hasValueSatisfying(reply -> assertThat(reply).startsWith("WRONGTYPE"));
        assertThat(RedisReplies.isRejection(failure)).isTrue();
        assertThat(RedisReplies.isNoScript(failure)).isFalse();
    }

    @Test
    void anUnknownScriptIsNoScriptAndNotARejection() {
        Throwable failure = failureOf(redis.send(Request.cmd(Command.EVALSHA).arg("0".repeat(40)).arg(0)));

        assertThat(RedisReplies.isNoScript(failure)).isTrue();
        assertThat(RedisReplies.isRejection(failure)).isFalse();
    }

    @Test
    void aMissingGroupAndAnExistingGroupAreToldApart() throws Exception {
        String stream = KEY + "-stream";
        try {
            Throwable noGroup = failureOf(redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg("absent").arg("c")
                    .arg("STREAMS").arg(stream).arg(">")));
            await(redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("g").arg("$").arg("MKSTREAM")));
            Throwable busyGroup = failureOf(redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("g").arg("$")));

            assertThat(RedisReplies.isNoGroup(noGroup)).isTrue();
            assertThat(RedisReplies.isBusyGroup(busyGroup)).isTrue();
            assertThat(RedisReplies.isNoGroup(busyGroup)).isFalse();
        } finally {
            await(redis.send(Request.cmd(Command.DEL).arg(stream)));
        }
    }

    @Test
    void aServerThatDoesNotAnswerSentNoReply() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Redis unreachable = Redis.createClient(vertx, "redis://127.0.0.1:" + closedPort);
        try {
            Throwable failure = failureOf(unreachable.send(Request.cmd(Command.PING)));

            assertThat(RedisReplies.errorReply(failure)).isEmpty();
            assertThat(RedisReplies.isRejection(failure)).isFalse();
        } finally {
            unreachable.close();
        }
    }

    private static Throwable failureOf(Future<Response> reply) {
        try {
            Response response = await(reply);
            throw new AssertionError("Redis answered " + response + " where an error was expected");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Response await(Future<Response> reply) throws Exception {
        return reply.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
