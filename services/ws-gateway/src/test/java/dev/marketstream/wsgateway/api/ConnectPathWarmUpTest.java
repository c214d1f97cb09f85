package dev.marketstream.wsgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketstream.wsgateway.config.GatewayConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Who the warm-up lets in: only its own connections, only while it runs. The run itself is in {@code ReadinessIT}. */
class ConnectPathWarmUpTest {

    @Test
    void admitsItsOwnTokenAsTheSlotsUserWhileRunning() {
        ConnectPathWarmUp warmUp = warmUp(100);

        assertThat(warmUp.ended()).isFalse();
        assertThat(warmUp.status()).isEqualTo("running");
        assertThat(warmUp.userFor(warmUp.tokenFor(7))).isEqualTo(ConnectPathWarmUp.USER_PREFIX + "7");
        assertThat(warmUp.users()).hasSize(4).contains(ConnectPathWarmUp.USER_PREFIX + "0", ConnectPathWarmUp.USER_PREFIX + "3");
    }

    @Test
    void refusesEverythingElse() {
        ConnectPathWarmUp warmUp = warmUp(100);
        String own = warmUp.tokenFor(1);
        String secret = own.substring(0, own.lastIndexOf('.'));

        assertThat(warmUp.userFor(warmUp(100).tokenFor(1))).as("another process's secret").isNull();
        assertThat(warmUp.userFor(secret)).as("no slot").isNull();
        assertThat(warmUp.userFor(secret + ".")).as("empty slot").isNull();
        assertThat(warmUp.userFor(secret + ".x")).as("slot not a number").isNull();
        assertThat(warmUp.userFor(secret.substring(1) + ".1")).as("secret cut short").isNull();
        assertThat(warmUp.userFor("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln")).as("a JWT").isNull();
    }

    @Test
    void admitsNobodyOnceStoppedOrWhenOff() {
        ConnectPathWarmUp stopped = warmUp(100);
        stopped.stop();
        ConnectPathWarmUp off = warmUp(0);

        assertThat(stopped.ended()).isTrue();
        assertThat(stopped.userFor(stopped.tokenFor(1))).isNull();
        assertThat(off.ended()).as("nothing to wait for: readiness does not wait").isTrue();
        assertThat(off.status()).isEqualTo("off");
        assertThat(off.userFor(off.tokenFor(1))).isNull();
    }

    private static ConnectPathWarmUp warmUp(int connections) {
        return new ConnectPathWarmUp(new GatewayConfig.WarmUp() {
            @Override
            public int connections() {
                return connections;
            }

            @Override
            public int concurrency() {
                return 4;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(60);
            }
        }, null, null);
    }
}
