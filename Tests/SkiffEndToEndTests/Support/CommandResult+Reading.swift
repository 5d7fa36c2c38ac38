/// Reading skiffctl's human output: tables (columns separated by runs of spaces) and `describe` fields.
extension CommandResult {
    /// The first column of a table, without the header line when `header` is true.
    func tableNames(header: Bool = true) -> [String] {
        lines.dropFirst(header ? 1 : 0).compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// Table rows split into cells at runs of two or more spaces (cells such as `Invalid at line 4` keep their
    /// single spaces), header included.
    var tableCells: [[String]] {
        lines.map { line in
            var cells: [String] = []
            var current = ""
            var spaces = 0
            for character in line {
                if character == " " {
                    spaces += 1
                    continue
                }
                if spaces >= 2 {
                    cells.append(current)
                    current = ""
                } else if spaces == 1 {
                    current += " "
                }
                spaces = 0
                current.append(character)
            }
            cells.append(current)
            return cells
        }
    }

    /// `skiffctl files` as path → (state, objects).
    var fileRows: [String: (state: String, objects: String)] {
        var rows: [String: (state: String, objects: String)] = [:]
        for cells in tableCells.dropFirst() where cells.count == 3 {
            rows[cells[0]] = (cells[1], cells[2])
        }
        return rows
    }

    /// `describe` output as `Field: value` pairs, keys trimmed; the first non-empty value of a repeated key wins.
    var describeFields: [String: String] {
        var fields: [String: String] = [:]
        for line in lines {
            let trimmed = line.drop { $0 == " " }
            guard
                let colon = trimmed.firstRange(of: ": ")
                    ?? (trimmed.hasSuffix(":") ? trimmed.index(before: trimmed.endIndex)..<trimmed.endIndex : nil)
            else { continue }
            let key = String(trimmed[..<colon.lowerBound])
            let value = String(trimmed[colon.upperBound...].drop { $0 == " " })
            if fields[key] == nil || fields[key] == "" { fields[key] = value }
        }
        return fields
    }
}
