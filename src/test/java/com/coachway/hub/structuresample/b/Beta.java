package com.coachway.hub.structuresample.b;

import com.coachway.hub.structuresample.a.Alpha;

/** The other half of the package cycle made up for StructureTest to find. */
public class Beta {

    public Alpha alpha() {
        return new Alpha();
    }
}
