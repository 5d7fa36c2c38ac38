import Foundation

/// Builds a sweep's trial Jobs: `<sweep>-<index>`, a `type: command` Job in the sweep's namespace, owned by the
/// sweep (a controller owner reference), whose command is the sweep's `trial.command` with every
/// `${{search_space.NAME}}` replaced by the trial's value (`${{inputs.NAME}}` and `${{outputs.NAME}}` are left for
/// the Job controller, with the sweep's inputs and outputs); the sweep's compute, instance type, instance count,
/// shared memory and queue settings; the trial's code, environment, variables and distribution; and the
/// variables that point MLflow at the trial's file store.
enum TrialJobBuilder {
    /// The trial Job's name.
    static func name(sweep: String, index: Int) -> String {
        "\(sweep)-\(index)"
    }

    /// The trial's folder: the trial Job's folder under the state dir.
    static func fileStore(
        sweep: Job,
        index: Int,
        configuration: JobReconciler.Configuration
    ) -> MLflowFileStore {
        let name = name(sweep: sweep.metadata.name, index: index)
        return MLflowFileStore(
            trialDirectory: configuration.jobDirectory(namespace: sweep.metadata.namespace, name: name),
            runID: MLflowFileStore.runID(sweepUID: sweep.metadata.uid, trial: index),
            experimentName: sweep.spec.experimentName ?? sweep.metadata.name,
            runName: name
        )
    }

    /// The trial's command: `${{search_space.NAME}}` replaced by the values as a command line sees them.
    static func command(_ command: String, parameters: JSONObject) throws(SweepSpecError) -> String {
        var result = command
        for binding in Job.bindings(in: command) where binding.scope == "search_space" {
            guard let value = parameters[binding.name] else {
                throw SweepSpecError("\(binding.text): the search space has no parameter \"\(binding.name)\"")
            }
            result = result.replacingOccurrences(of: binding.text, with: SweepTrialStatus.text(value))
        }
        return result
    }

    /// Trial `index` of `sweep` with `parameters`; throws why the sweep's trials cannot be built.
    static func trial(
        of sweep: Job,
        index: Int,
        parameters: JSONObject,
        store: MLflowFileStore,
        configuration: JobReconciler.Configuration
    ) throws -> Job {
        guard let trial = sweep.spec.trial else { throw SweepSpecError("the sweep has no trial") }
        let name = name(sweep: sweep.metadata.name, index: index)
        var spec = Job.Spec(type: .command)
        spec.command = try command(trial.command, parameters: parameters)
        // `code` is relative to the sweep's manifest file: resolved here, since the trial has no file.
        var located = sweep
        located.spec.code = trial.code ?? sweep.spec.code
        let folder = try JobPodBuilder.workingDirectory(located, configuration: configuration)
        spec.code = folder.isEmpty ? nil : folder
        spec.environment = trial.environment
        spec.environmentVariables = sweep.spec.environmentVariables
            .merging(trial.environmentVariables) { $1 }
            .merging(store.environment) { $1 }
        spec.compute = sweep.spec.compute
        spec.instanceType = sweep.spec.instanceType
        spec.instanceCount = sweep.spec.instanceCount
        spec.shmSize = sweep.spec.shmSize
        spec.distribution = trial.distribution
        spec.inputs = sweep.spec.inputs
        spec.outputs = sweep.spec.outputs
        spec.displayName = "\(sweep.spec.displayName ?? sweep.metadata.name) trial \(index)"
        spec.experimentName = sweep.spec.experimentName
        spec.tags = sweep.spec.tags
        spec.queueSettings = sweep.spec.queueSettings
        spec.identity = sweep.spec.identity
        var annotations = [
            SweepLabels.sweepUID: sweep.metadata.uid,
            SweepLabels.parameters: JSONValue.object(parameters).serialized(),
        ]
        // Rehearsals (`skiff.dev/simulate-*`) pass from the sweep to its trials, and from them to their pods.
        for (key, value) in sweep.metadata.annotations where key.hasPrefix("skiff.dev/simulate-") {
            annotations[key] = value
        }
        var metadata = ObjectMeta(
            name: name,
            namespace: sweep.metadata.namespace,
            labels: [SweepLabels.sweepName: sweep.metadata.name, SweepLabels.trial: String(index)],
            annotations: annotations
        )
        metadata.ownerReferences = [
            OwnerReference(
                apiVersion: Job.resource.apiVersion,
                kind: Job.resource.kind,
                name: sweep.metadata.name,
                uid: sweep.metadata.uid,
                controller: true,
                blockOwnerDeletion: true
            )
        ]
        return Job(metadata: metadata, spec: spec)
    }
}
