/// ISO 8601 durations as Azure's REST API writes idle times (`PT5M`, `PT120S`, `P1DT2H`), in whole seconds.
public enum ISO8601Duration {
    /// The duration in seconds; nil when the text is not a duration of whole seconds (years and months, whose
    /// length varies, are refused too).
    public static func seconds(_ text: String) -> Int64? {
        var rest = Substring(text.uppercased())
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var total: Int64 = 0
        var inTime = false
        var sawComponent = false
        var number = ""
        for character in rest {
            if character == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            if character.isASCII && character.isNumber {
                number.append(character)
                continue
            }
            guard let value = Int64(number) else { return nil }
            let unit: Int64
            switch (character, inTime) {
            case ("W", false): unit = 604_800
            case ("D", false): unit = 86_400
            case ("H", true): unit = 3_600
            case ("M", true): unit = 60
            case ("S", true): unit = 1
            default: return nil
            }
            let (product, overflow) = value.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            let (sum, overflowSum) = total.addingReportingOverflow(product)
            guard !overflowSum else { return nil }
            total = sum
            number = ""
            sawComponent = true
        }
        guard number.isEmpty, sawComponent else { return nil }
        return total
    }
}
