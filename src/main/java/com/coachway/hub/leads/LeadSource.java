package com.coachway.hub.leads;

/** Where a lead came from (API.md §5); the wire name is the lower-case name ({@code walk_in}). */
enum LeadSource {
    WEB, PHONE, EMAIL, REFERRAL, WALK_IN, PARTNER
}
