package com.coachway.hub.structuresample.a;

import com.coachway.hub.structuresample.b.Beta;

/** Half of a package cycle made up for StructureTest to find. */
public class Alpha {

    public Beta beta() {
        return new Beta();
    }
}
