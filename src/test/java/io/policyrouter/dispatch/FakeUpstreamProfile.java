package io.policyrouter.dispatch;

import java.util.List;

/** The dispatch test settings plus provider "selfhosted" served over HTTP by {@link FakeUpstream}. */
public class FakeUpstreamProfile extends DispatchTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeUpstream.class));
    }
}
