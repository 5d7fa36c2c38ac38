// SkiffAPI: object types, quantities, selectors, defaulting, validation and the Azure ML adapters.
// Modules above this one see SkiffYAML's node tree through it, since manifests are decoded from those trees.
@_exported import SkiffYAML
