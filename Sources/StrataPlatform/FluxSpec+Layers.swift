extension FluxSpec {
    /// The layer names `flux.layers` may set timings for, in the order they are applied; the generator's
    /// layers must be exactly these.
    public static let layerNames = [
        "crds", "operators", "network", "issuers", "platform", "storage", "databases", "observability", "backups",
        "apps",
    ]
}
