/**
 * The hub's vocabulary, said once: the channels, notification categories and priorities of API.md, with their wire
 * names. Every feature checks and lists them through these enums instead of a list of its own.
 */
package com.coachway.hub.vocabulary;
