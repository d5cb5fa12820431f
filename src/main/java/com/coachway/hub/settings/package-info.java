/**
 * What a setting may be, said once for every settings record: {@code PositiveDuration} (an interval, timeout or age
 * longer than zero), {@code NotNegativeDuration} (a wait that zero turns off) and {@code PositiveSize} (a size limit
 * larger than zero). On a {@code @Validated} record, a value outside them stops the start naming its key.
 */
package com.coachway.hub.settings;
