extension Event: TablePrintable {
    /// `LAST SEEN TYPE REASON OBJECT MESSAGE`, and with `-o wide` `SUBOBJECT SOURCE FIRST SEEN COUNT NAME`, in the
    /// order and with the values of kubectl's `printEvent` (NAME is last and wide-only there).
    public static var printerColumns: [PrinterColumn<Event>] {
        [
            PrinterColumn("LAST SEEN") { e, now in e.lastSeen(now: now) },
            PrinterColumn("TYPE") { e, _ in e.spec.type },
            PrinterColumn("REASON") { e, _ in e.spec.reason },
            PrinterColumn("OBJECT") { e, _ in e.printedObject },
            PrinterColumn("SUBOBJECT", priority: 1) { e, _ in e.spec.involvedObject.fieldPath },
            PrinterColumn("SOURCE", priority: 1) { e, _ in e.printedSource },
            PrinterColumn("MESSAGE") { e, _ in e.spec.message.trimmingWhitespace() },
            PrinterColumn("FIRST SEEN", priority: 1) { e, now in e.firstSeen(now: now) },
            PrinterColumn("COUNT", priority: 1) { e, _ in String(e.spec.count == 0 ? 1 : e.spec.count) },
        ]
    }

    public static var nameColumn: NameColumnPlacement { .last(priority: 1) }
}

extension Event {
    /// FIRST SEEN: the age of `firstTimestamp`, else of `eventTime`, else `<unknown>`.
    public func firstSeen(now: Timestamp) -> String {
        if let first = spec.firstTimestamp { return HumanDuration.since(first, now: now) }
        if let time = Timestamp(rfc3339: spec.eventTime) { return HumanDuration.since(time, now: now) }
        return "<unknown>"
    }

    /// LAST SEEN: the age of `lastTimestamp`, else what FIRST SEEN shows (then the creation time, for events
    /// recorded without times).
    public func lastSeen(now: Timestamp) -> String {
        if let last = spec.lastTimestamp { return HumanDuration.since(last, now: now) }
        let first = firstSeen(now: now)
        if first == "<unknown>", let created = metadata.creationTimestamp { return HumanDuration.since(created, now: now) }
        return first
    }

    /// OBJECT: `kind/name` with the kind lower-cased, or the kind alone.
    public var printedObject: String {
        let o = spec.involvedObject
        return o.name.isEmpty ? o.kind.lowercased() : "\(o.kind.lowercased())/\(o.name)"
    }

    /// SOURCE: `component, host` (the reporting controller and instance when the source is empty).
    public var printedSource: String {
        let component = spec.source.component.isEmpty ? spec.reportingComponent : spec.source.component
        let host = spec.source.host.isEmpty ? spec.reportingInstance : spec.source.host
        return host.isEmpty ? component : "\(component), \(host)"
    }
}
