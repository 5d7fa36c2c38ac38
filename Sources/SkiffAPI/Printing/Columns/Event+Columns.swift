extension Event: TablePrintable {
    /// `LAST SEEN TYPE REASON OBJECT MESSAGE`, as `kubectl get events` prints them (NAME is not shown there,
    /// but tables here always start with it).
    public static var printerColumns: [PrinterColumn<Event>] {
        [
            PrinterColumn("LAST SEEN") { e, now in
                (e.spec.lastTimestamp ?? e.metadata.creationTimestamp).map { HumanDuration.since($0, now: now) } ?? "<unknown>"
            },
            PrinterColumn("TYPE") { e, _ in e.spec.type },
            PrinterColumn("REASON") { e, _ in e.spec.reason },
            PrinterColumn("OBJECT") { e, _ in
                "\(e.spec.involvedObject.kind.lowercased())/\(e.spec.involvedObject.name)"
            },
            PrinterColumn("MESSAGE") { e, _ in e.spec.message },
        ]
    }
}
