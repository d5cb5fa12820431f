package com.coachway.hub.outbound;

/**
 * The outcome table of a push (API.md §9), in one place: what an answer or a failure means.
 *
 * <table>
 * <tr><th>answer</th><th>outcome</th></tr>
 * <tr><td>2xx</td><td>done</td></tr>
 * <tr><td>409 Conflict (the receiver has it already: the Idempotency-Key repeated)</td><td>done</td></tr>
 * <tr><td>408 Request Timeout, 429 Too Many Requests</td><td>retry: the receiver asks to be asked again</td></tr>
 * <tr><td>any other 4xx</td><td>park: the request itself is wrong, asking again cannot help</td></tr>
 * <tr><td>5xx, any other status</td><td>retry</td></tr>
 * <tr><td>timeout, connection refused or reset, any I/O failure</td><td>retry</td></tr>
 * </table>
 */
enum PushOutcome {

    DONE, RETRY, PARK;

    static PushOutcome of(int status) {
        if (status >= 200 && status < 300 || status == 409) {
            return DONE;
        }
        if (status == 408 || status == 429) {
            return RETRY;
        }
        if (status >= 400 && status < 500) {
            return PARK;
        }
        return RETRY;
    }
}
