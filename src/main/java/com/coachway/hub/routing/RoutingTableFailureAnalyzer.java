package com.coachway.hub.routing;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a broken routing table at start-up into a short report naming each bad line, instead of a stack trace. */
public class RoutingTableFailureAnalyzer extends AbstractFailureAnalyzer<RoutingTableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RoutingTableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the lines named above in the routing table (hub.routing.file) and start the hub again.", cause);
    }
}
