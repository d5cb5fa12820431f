package com.coachway.hub.templates;

import java.util.List;

/** A feature that sends templates (the routing table, the lead notices) and says with which data. */
public interface TemplateUsages {

    /** Every template this feature may send, each with the data it is certain to have. */
    List<TemplateUsage> usages();
}
