/// Every component of the platform, in the order they contribute.
public enum PlatformComponents {
    /// All components.
    public static let all: [any PlatformComponent] = [
        FluxBootstrap(),
        Cilium(),
        CiliumNetwork(),
        Talos(),
        Router(),
        StrataFacts(),
        PlatformDocuments(),
    ]
}
