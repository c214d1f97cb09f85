package dev.marketstream.wsgateway.api;

import dev.marketstream.wsgateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Serves the market board, a static page built with Vite from clients/board, at {@code /board/} when
 * {@code gateway.board-dir} names its build: the page then opens its WebSocket on the same origin. Read from a directory
 * at run time, so the gateway's build needs no Node.
 */
@ApplicationScoped
public class BoardRoute {

    private static final Logger LOG = Logger.getLogger(BoardRoute.class);

    void route(@Observes Router router, GatewayConfig config) {
        config.boardDir().map(dir -> Path.of(dir).toAbsolutePath()).ifPresent(dir -> {
            if (!Files.isRegularFile(dir.resolve("index.html"))) {
                LOG.warnf("gateway.board-dir %s holds no index.html: build clients/board first; the board is not served", dir);
                return;
            }
            // Vert.x matches "/board" for "/board/" too: only the path without the slash is redirected.
            router.route("/board").handler(context -> {
                if (context.request().path().endsWith("/")) {
                    context.next();
                } else {
                    context.redirect("/board/");
                }
            });
            router.route("/board/*").handler(StaticHandler.create(FileSystemAccess.ROOT, dir.toString()));
            LOG.infof("serving the market board from %s at /board/", dir);
        });
    }
}
