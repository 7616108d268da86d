package com.flownurture.bounces;

import java.util.List;

/**
 * What a verified bounce post reported.
 *
 * @param bounces the bounces and complaints in it (events of other kinds left out)
 * @param replay  what identifies the post so a replay counts once, or null when the provider's scheme gives nothing
 *                to tell one post from another (see docs/deliverability.md, per provider)
 */
public record Report(List<Bounce> bounces, Replay replay) {
}
