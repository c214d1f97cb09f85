package dev.marketstream.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Sends one Redis command over a fresh connection and returns an integer reply: enough to probe and clean up in tests. */
public final class RedisCommand {

    private RedisCommand() {
    }

    /** Runs a command whose reply is an integer (XLEN, DEL, SREM, HDEL, ...). */
    public static long integer(String... command) {
        URI uri = URI.create(LocalStack.redisUri());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
            for (String part : command) {
                request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (reply == null || reply.charAt(0) != ':') {
                throw new IllegalStateException("Redis answered " + reply + " to " + String.join(" ", command));
            }
            return Long.parseLong(reply.substring(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Redis at " + uri, e);
        }
    }
}
