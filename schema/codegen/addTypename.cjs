// codegen.yml names document transforms by file: this one is the client preset's own __typename transform.
module.exports = require('@graphql-codegen/client-preset').addTypenameSelectionDocumentTransform;
