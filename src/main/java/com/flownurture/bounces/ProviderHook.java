package com.flownurture.bounces;

import java.util.List;

/** One provider's bounce webhook: checks the signature first, then reads the bounces and complaints. */
public interface ProviderHook {

    /**
     * @return the bounces and complaints in the post (events of other kinds are left out)
     * @throws BadSignatureException when the post is not signed as the provider signs
     */
    List<Bounce> read(HookRequest request);
}
