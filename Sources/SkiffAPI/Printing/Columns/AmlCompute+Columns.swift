extension AmlCompute: TablePrintable {
    /// Size, tier, scale bounds and the REST resource's allocation state and node counts.
    public static var printerColumns: [PrinterColumn<AmlCompute>] {
        [
            PrinterColumn("SIZE") { c, _ in c.spec.size },
            PrinterColumn("TIER") { c, _ in c.spec.tier.rawValue },
            PrinterColumn("MIN") { c, _ in String(c.spec.minInstances) },
            PrinterColumn("MAX") { c, _ in String(c.spec.maxInstances) },
            PrinterColumn("CURRENT") { c, _ in String(c.status.currentNodeCount) },
            PrinterColumn("TARGET") { c, _ in String(c.status.targetNodeCount) },
            PrinterColumn("STATE") { c, _ in c.status.allocationState?.rawValue ?? "<none>" },
            PrinterColumn("IDLE BEFORE SCALE DOWN", priority: 1) { c, _ in "\(c.spec.idleTimeBeforeScaleDown)s" },
            .age,
        ]
    }
}
