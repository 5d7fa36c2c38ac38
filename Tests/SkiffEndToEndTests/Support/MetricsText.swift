// A copy of Tests/SkiffServerTests/MetricsTextParser.swift: test targets cannot share support files.
/// A strict reader of the Prometheus text exposition format (0.0.4), enough to check that `/metrics` is what a
/// Prometheus server accepts: `# HELP` / `# TYPE` lines (one TYPE per family, before its samples), sample lines
/// `name{label="value",...} value [timestamp]` with valid names, escaped label values and float values, and
/// histograms whose buckets are cumulative and end in `le="+Inf"` equal to `_count`.
struct MetricsText {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var samples: [Sample] = []
    var types: [String: String] = [:]

    init(parsing text: String) throws {
        var familiesWithSamples = Set<String>()
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            func fail(_ why: String) -> Failure { Failure(description: "line \(number + 1): \(why): \(line)") }
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3, parts[0] == "#", ["HELP", "TYPE"].contains(parts[1]) else { continue }
                guard Self.isMetricName(parts[2]) else { throw fail("bad metric name") }
                if parts[1] == "TYPE" {
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3])
                    else { throw fail("bad type") }
                    guard types[parts[2]] == nil else { throw fail("second TYPE for \(parts[2])") }
                    guard !familiesWithSamples.contains(parts[2]) else { throw fail("TYPE after samples") }
                    types[parts[2]] = parts[3]
                }
                continue
            }
            let sample = try Self.sample(line, fail: fail)
            samples.append(sample)
            familiesWithSamples.insert(family(of: sample.name))
        }
        try checkHistograms()
    }

    /// The family a sample belongs to (`x_bucket` → `x` when `x` is a histogram).
    func family(of name: String) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return name
    }

    /// The value of the one sample `name{labels}` (labels must match exactly), if present.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// The sum of every sample of `name` whose labels include `labels`.
    func sum(_ name: String, where labels: [String: String] = [:]) -> Double {
        samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }.reduce(0) { $0 + $1.value }
    }

    private func checkHistograms() throws {
        for (name, type) in types where type == "histogram" {
            var series: [[String: String]: [(Double, Double)]] = [:]
            for sample in samples where sample.name == name + "_bucket" {
                guard let le = sample.labels["le"] else { throw Failure(description: "\(name)_bucket without le") }
                var rest = sample.labels
                rest["le"] = nil
                let bound = le == "+Inf" ? Double.infinity : Double(le) ?? .nan
                series[rest, default: []].append((bound, sample.value))
            }
            for (labels, buckets) in series {
                let sorted = buckets.sorted { $0.0 < $1.0 }
                guard sorted.last?.0 == .infinity else {
                    throw Failure(description: "\(name)\(labels): no +Inf bucket")
                }
                for (a, b) in zip(sorted, sorted.dropFirst()) where b.1 < a.1 {
                    throw Failure(description: "\(name)\(labels): buckets not cumulative")
                }
                guard value(name + "_count", labels) == sorted.last?.1 else {
                    throw Failure(description: "\(name)\(labels): _count differs from the +Inf bucket")
                }
                guard value(name + "_sum", labels) != nil else {
                    throw Failure(description: "\(name)\(labels): no _sum")
                }
            }
        }
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == ":"
        }
            && !("0"..."9").contains(first)
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    private static func sample(_ line: String, fail: (String) -> Failure) throws -> Sample {
        let characters = Array(line)
        var i = 0
        while i < characters.count, characters[i] != "{", characters[i] != " " { i += 1 }
        let name = String(characters[0..<i])
        guard isMetricName(name) else { throw fail("bad metric name") }
        var labels: [String: String] = [:]
        if i < characters.count, characters[i] == "{" {
            i += 1
            while true {
                guard i < characters.count else { throw fail("unterminated labels") }
                if characters[i] == "}" {
                    i += 1
                    break
                }
                var j = i
                while j < characters.count, characters[j] != "=" { j += 1 }
                let label = String(characters[i..<j])
                guard isLabelName(label), j + 1 < characters.count, characters[j + 1] == "\"" else {
                    throw fail("bad label")
                }
                i = j + 2
                var value = ""
                while true {
                    guard i < characters.count else { throw fail("unterminated label value") }
                    let c = characters[i]
                    if c == "\"" { break }
                    if c == "\\" {
                        guard i + 1 < characters.count else { throw fail("bad escape") }
                        switch characters[i + 1] {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw fail("bad escape")
                        }
                        i += 2
                    } else {
                        value.append(c)
                        i += 1
                    }
                }
                i += 1
                guard labels[label] == nil else { throw fail("label twice") }
                labels[label] = value
                if i < characters.count, characters[i] == "," { i += 1 }
            }
        }
        guard i < characters.count, characters[i] == " " else { throw fail("no value") }
        let fields = String(characters[(i + 1)...]).split(separator: " ")
        guard fields.count == 1 || fields.count == 2 else { throw fail("bad value") }
        let text = String(fields[0])
        let value: Double
        switch text {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default:
            guard let parsed = Double(text) else { throw fail("bad value") }
            value = parsed
        }
        if fields.count == 2, Int64(fields[1]) == nil { throw fail("bad timestamp") }
        return Sample(name: name, labels: labels, value: value)
    }
}
