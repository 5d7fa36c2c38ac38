extension KubernetesCompute: TablePrintable {
    /// The namespace jobs run in, the default instance type, and whether the compute can take jobs.
    public static var printerColumns: [PrinterColumn<KubernetesCompute>] {
        [
            PrinterColumn("NAMESPACE") { kc, _ in kc.spec.namespace },
            PrinterColumn("DEFAULT INSTANCE TYPE") { kc, _ in kc.effectiveDefaultInstanceType },
            .condition("READY", "Ready") { $0.status.conditions },
            PrinterColumn("MESSAGE", priority: 1) { kc, _ in kc.status.conditions[type: "Ready"]?.message ?? "" },
            .age,
        ]
    }
}
