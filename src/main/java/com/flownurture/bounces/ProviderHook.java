package com.flownurture.bounces;

/** One provider's bounce webhook: checks the signature first, then reads the bounces and complaints. */
public interface ProviderHook {

    /**
     * @return the bounces and complaints in the post, and what identifies the post against replays
     * @throws BadSignatureException when the post is not signed as the provider signs, or its timestamp is outside
     *                               the window
     */
    Report read(HookRequest request);

    /**
     * The refusal of a badly signed post, which a post for an unknown organization also gets: the answer does not
     * tell whether an organization exists.
     */
    String refusal();
}
