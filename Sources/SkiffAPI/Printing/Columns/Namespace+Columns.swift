extension Namespace: TablePrintable {
    /// `NAME STATUS AGE`, as kubectl prints namespaces.
    public static var printerColumns: [PrinterColumn<Namespace>] {
        [
            PrinterColumn("STATUS") { ns, _ in ns.status.phase.isEmpty ? "Active" : ns.status.phase },
            .age,
        ]
    }
}
