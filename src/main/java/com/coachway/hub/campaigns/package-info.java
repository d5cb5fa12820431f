/**
 * Campaigns (API.md §2b): a {@code marketing.campaign} event, or several batches sharing a {@code campaign_id},
 * sending one template to each recipient at once or at {@code send_at}. Each send is an ordinary notification (so
 * consent, quiet hours and retries apply as to any other); this feature records the campaign, reads its status and
 * stats from those notifications, and cancels what still waits.
 */
package com.coachway.hub.campaigns;
