/// A table of strings printed as kubectl prints tables: upper-case headers, columns separated by at least three
/// spaces and at least ten wide (Go's `tabwriter` with minwidth 10, padding 3), the last column unpadded.
public struct Table: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The table as text, one line per row, with a trailing newline; `noHeaders` drops the header line.
    /// `padding` and `minWidth` are tabwriter's: kubectl's `get` uses 3 and 10, `describe` 2 and 0.
    public func rendered(noHeaders: Bool = false, padding: Int = 3, minWidth: Int = 10) -> String {
        let lines = (noHeaders ? [] : [columns]) + rows
        guard !lines.isEmpty else { return "" }
        var widths = [Int](repeating: 0, count: columns.count)
        for line in lines {
            for (i, cell) in line.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.count)
            }
        }
        var out = ""
        for line in lines {
            for (i, cell) in line.enumerated() {
                out += cell
                if i < line.count - 1 {
                    out += String(repeating: " ", count: max(widths[i] + padding, minWidth) - cell.count)
                }
            }
            out += "\n"
        }
        return out
    }
}

/// One column of a kind's table: its header, whether it shows only with `-o wide`, and how to compute a cell.
public struct PrinterColumn<Object: APIObject>: Sendable {
    public var name: String
    /// 0 for the default view, 1 for `-o wide` only (as CRDs' `additionalPrinterColumns` priority).
    public var priority: Int
    public var value: @Sendable (Object, Timestamp) -> String

    public init(_ name: String, priority: Int = 0, _ value: @escaping @Sendable (Object, Timestamp) -> String) {
        self.name = name
        self.priority = priority
        self.value = value
    }
}

/// Where a kind's NAME column goes. kubectl's tables start with NAME, except `get events`, whose NAME is the last
/// column and shows only with `-o wide`.
public enum NameColumnPlacement: Sendable, Hashable {
    /// Before every other column (the default).
    case first
    /// After every other column, with this priority.
    case last(priority: Int)
}

/// A kind with kubectl-like table columns. Kinds without their own get NAME and AGE.
public protocol TablePrintable: APIObject {
    /// The columns besides NAME, in order (AGE is usually last).
    static var printerColumns: [PrinterColumn<Self>] { get }
    /// Where NAME goes; `.first` unless the kind says otherwise.
    static var nameColumn: NameColumnPlacement { get }
}

extension TablePrintable {
    public static var nameColumn: NameColumnPlacement { .first }

    /// Every column, NAME included where the kind places it.
    fileprivate static var allColumns: [PrinterColumn<Self>] {
        let name = PrinterColumn<Self>("NAME") { object, _ in object.metadata.name }
        switch nameColumn {
        case .first:
            return [name] + printerColumns
        case .last(let priority):
            var last = name
            last.priority = priority
            return printerColumns + [last]
        }
    }

    fileprivate static var priorities: [Int] { allColumns.map(\.priority) }

    fileprivate static var nameIndex: Int {
        switch nameColumn {
        case .first: 0
        case .last: printerColumns.count
        }
    }

    fileprivate static func typedTable(_ objects: [any APIObject], wide: Bool, withNamespace: Bool, now: Timestamp)
        -> Table
    {
        let columns = allColumns.filter { wide || $0.priority == 0 }
        var table = Table(columns: (withNamespace ? ["NAMESPACE"] : []) + columns.map(\.name))
        for case let object as Self in objects {
            var row = withNamespace ? [object.metadata.namespace] : []
            row.append(contentsOf: columns.map { $0.value(object, now) })
            table.rows.append(row)
        }
        return table
    }
}

extension APIObject {
    /// The age column's value: time since creation, as kubectl prints it.
    public func age(now: Timestamp) -> String {
        metadata.creationTimestamp.map { HumanDuration.since($0, now: now) } ?? "<unknown>"
    }
}

/// Builds tables for objects of one kind.
public enum TablePrinter {
    /// Each column's priority in the full (wide) table of `type`, NAME first: 0 for the default view, 1 for
    /// `-o wide` only — what the API server's `Table` reports in `columnDefinitions`.
    public static func columnPriorities(_ type: any APIObject.Type) -> [Int] {
        if let printable = type as? any TablePrintable.Type { return printable.priorities }
        return [0, 0]
    }

    /// The index of the NAME column in the full (wide) table of `type`.
    public static func nameColumnIndex(_ type: any APIObject.Type) -> Int {
        if let printable = type as? any TablePrintable.Type { return printable.nameIndex }
        return 0
    }

    /// The table for `objects`, all of kind `type`. `withNamespace` adds the NAMESPACE column (`-A`).
    public static func table(
        _ type: any APIObject.Type,
        _ objects: [any APIObject],
        wide: Bool = false,
        withNamespace: Bool = false,
        now: Timestamp
    ) -> Table {
        if let printable = type as? any TablePrintable.Type {
            return printable.typedTable(objects, wide: wide, withNamespace: withNamespace, now: now)
        }
        var table = Table(columns: (withNamespace ? ["NAMESPACE"] : []) + ["NAME", "AGE"])
        for object in objects {
            table.rows.append(
                (withNamespace ? [object.metadata.namespace] : []) + [object.metadata.name, object.age(now: now)]
            )
        }
        return table
    }
}
