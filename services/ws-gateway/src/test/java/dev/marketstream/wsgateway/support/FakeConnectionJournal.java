package dev.marketstream.wsgateway.support;

import dev.marketstream.wsgateway.domain.ClientSession;
import dev.marketstream.wsgateway.domain.Ports;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Ports.ConnectionJournal} that records each call as one line, such as
 * {@code subscribed c1 portfolio {"stream":"portfolio",...}}. The journal only queues, so it has no failure to be told.
 */
public final class FakeConnectionJournal implements Ports.ConnectionJournal {

    private final List<String> calls = new ArrayList<>();

    public List<String> calls() {
        return calls;
    }

    @Override
    public void opened(ClientSession session, String remoteAddress) {
        calls.add("opened " + session.connectionId() + " " + remoteAddress);
    }

    @Override
    public void subscribed(ClientSession session, String streamType, String parameters) {
        calls.add("subscribed " + session.connectionId() + " " + streamType + " " + parameters);
    }

    @Override
    public void unsubscribed(ClientSession session, String streamType, String parameters) {
        calls.add("unsubscribed " + session.connectionId() + " " + streamType + " " + parameters);
    }

    @Override
    public void closed(ClientSession session, int code, String reason) {
        calls.add("closed " + session.connectionId() + " " + code + " " + reason);
    }
}
