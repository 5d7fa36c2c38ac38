/// Where the sweep controller reads a trial's primary metric from: the trial's MLflow file store
/// (``MLflowFileStore``) in skiffd; scripted streams in tests.
protocol SweepMetricsSource: Sendable {
    /// The values trial `store` logged for `metric`, in order; empty when it logged none yet.
    func values(of metric: String, in store: MLflowFileStore) -> [Double]
}

/// Reads the metric files of the MLflow file store.
struct MLflowMetricsSource: SweepMetricsSource {
    func values(of metric: String, in store: MLflowFileStore) -> [Double] {
        store.values(of: metric)?.map(\.value) ?? []
    }
}
