package com.flownurture.tracking;

/** What a tracked email's recipient did, as stored in {@code tracking_events.type}. */
public enum TrackingEvent {
    /** The open pixel was fetched. */
    OPENED,
    /** A tracked link was followed. */
    CLICKED
}
