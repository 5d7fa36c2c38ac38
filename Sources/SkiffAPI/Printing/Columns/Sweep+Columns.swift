/// `skiffctl get sweeps` and `skiffctl describe sweep`: sweeps are Jobs of `type: sweep`, shown with their
/// trials' progress, their best metric and, in `describe`, a table of trials.
public enum SweepPrinter {
    /// NAME, TRIALS (done/total), RUNNING, BEST METRIC, STATUS, AGE; `-o wide` adds the best trial and the message.
    public static func table(_ sweeps: [Job], wide: Bool = false, withNamespace: Bool = false, now: Timestamp)
        -> Table
    {
        var columns = ["NAME", "TRIALS", "RUNNING", "BEST METRIC", "STATUS", "AGE"]
        if wide { columns += ["BEST TRIAL", "MESSAGE"] }
        var table = Table(columns: (withNamespace ? ["NAMESPACE"] : []) + columns)
        for sweep in sweeps {
            let status = sweep.status.sweep ?? SweepStatus()
            var row = withNamespace ? [sweep.metadata.namespace] : []
            let total = status.totalTrials > 0 ? status.totalTrials : (sweep.spec.limits.maxTotalTrials ?? 0)
            row += [
                sweep.metadata.name,
                "\(status.counts.finished)/\(total)",
                String(status.counts.running),
                bestMetric(sweep),
                sweep.status.phase.isEmpty ? "Queued" : sweep.status.phase,
                sweep.age(now: now),
            ]
            if wide {
                row += [status.best?.name ?? "<none>", sweep.status.message.isEmpty ? "<none>" : sweep.status.message]
            }
            table.rows.append(row)
        }
        return table
    }

    /// `random_metric=0.12 (minimize)`, or `<none>` before any trial reported.
    public static func bestMetric(_ sweep: Job) -> String {
        guard let best = sweep.status.sweep?.best, let metric = best.bestMetric else { return "<none>" }
        let name = sweep.spec.objective?.primaryMetric ?? "metric"
        return "\(name)=\(format(metric))"
    }

    /// The sweep's settings, its trials by state, the best trial, a table of trials (parameters, metric, state,
    /// stopped by) with why each stopped trial was stopped, and the sweep's events.
    public static func describe(_ sweep: Job, events: [any APIObject], now: Timestamp) -> String {
        typealias Line = Describer.Line
        let status = sweep.status.sweep ?? SweepStatus()
        let spec = sweep.spec
        var lines: [Line] = [
            Line(label: "Name:", value: sweep.metadata.name),
            Line(label: "Namespace:", value: sweep.metadata.namespace),
            Line(label: "Display Name:", value: spec.displayName ?? "<none>"),
            Line(label: "Experiment:", value: spec.experimentName ?? "<none>"),
            Line(label: "Status:", value: sweep.status.phase.isEmpty ? "Queued" : sweep.status.phase),
            Line(label: "Message:", value: sweep.status.message.isEmpty ? "<none>" : sweep.status.message),
            Line(label: "Compute:", value: spec.compute ?? "<the machine's nodes>"),
            Line(label: "Instance Type:", value: spec.instanceType ?? "<default>"),
            Line(label: "Command:", value: spec.trial?.command ?? "<none>"),
        ]
        let sampling = spec.samplingAlgorithm ?? SamplingAlgorithm(type: "random")
        var samplingText = sampling.type
        if let rule = sampling.rule { samplingText += ", rule \(rule)" }
        if let seed = sampling.seed { samplingText += ", seed \(seed)" }
        lines.append(Line(label: "Sampling:", value: samplingText))
        if let objective = spec.objective {
            lines.append(Line(label: "Objective:", value: "\(objective.goal) \(objective.primaryMetric)"))
        }
        var limits: [String] = []
        if let total = spec.limits.maxTotalTrials { limits.append("max_total_trials \(total)") }
        if let concurrent = spec.limits.maxConcurrentTrials { limits.append("max_concurrent_trials \(concurrent)") }
        if let timeout = spec.limits.timeout { limits.append("timeout \(timeout)s") }
        if let trialTimeout = spec.limits.trialTimeout { limits.append("trial_timeout \(trialTimeout)s") }
        lines.append(Line(label: "Limits:", value: limits.isEmpty ? "<none>" : limits.joined(separator: ", ")))
        lines.append(Line(label: "Early Termination:", value: spec.earlyTermination.map(policyText) ?? "<none>"))
        let c = status.counts
        lines.append(
            Line(
                label: "Trials:",
                value: "\(status.trials.count) of \(status.totalTrials) started: \(c.queued) queued, "
                    + "\(c.running) running, \(c.completed) completed, \(c.failed) failed, \(c.canceled) canceled"
            )
        )
        if let best = status.best, let metric = best.bestMetric {
            let name = spec.objective?.primaryMetric ?? "metric"
            lines.append(
                Line(label: "Best Trial:", value: "\(best.name) (\(name)=\(format(metric)); \(best.parameterSummary))")
            )
        } else {
            lines.append(Line(label: "Best Trial:", value: "<none>"))
        }
        var out = Describer.render(lines)
        if status.trials.isEmpty {
            out += "Trial List:  <none>\n"
        } else {
            out += "Trial List:\n"
            var table = Table(columns: ["  TRIAL", "PARAMETERS", "METRIC", "INTERVALS", "STATE", "STOPPED BY"])
            for trial in status.trials {
                table.rows.append([
                    "  " + trial.name + (trial.index == status.bestTrial ? " *" : ""),
                    trial.parameterSummary,
                    trial.bestMetric.map(format) ?? "<none>",
                    String(trial.intervals),
                    trial.phase.isEmpty ? "Queued" : trial.phase,
                    trial.stoppedBy ?? "-",
                ])
            }
            out += table.rendered(padding: 2, minWidth: 0)
            let stopped = status.trials.filter { $0.stopReason != nil }
            if !stopped.isEmpty {
                out += "Stopped Trials:\n"
                for trial in stopped {
                    out += "  \(trial.name): \(trial.stoppedBy ?? "-"): \(trial.stopReason ?? "")\n"
                }
            }
        }
        out += Describer.eventsBlock(events, now: now)
        return out
    }

    /// `bandit (slack_factor 0.1, evaluation_interval 1, delay_evaluation 5)`, from the policy as written.
    static func policyText(_ value: JSONValue) -> String {
        guard case .object(let fields) = value else { return "<none>" }
        let type = fields["type"]?.stringValue ?? "?"
        let rest = fields.entries.filter { $0.key != "type" }.map { "\($0.key) \(SweepTrialStatus.text($0.value))" }
        return rest.isEmpty ? type : "\(type) (\(rest.joined(separator: ", ")))"
    }

    /// A metric with up to six significant digits, as `%g` prints it.
    static func format(_ value: Double) -> String {
        let rounded = (value * 1e6).rounded() / 1e6
        if rounded.rounded() == rounded, abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return "\(abs(value) >= 1e-4 ? rounded : value)"
    }
}
