package com.coachway.hub.routing;

import java.util.List;

/** The notify actions of the routing table in force. */
public interface NotifyRoutes {

    List<NotifyRoute> current();
}
