/**
 * Omeka S CSV Import profile.
 *
 * How Omeka maps the columns (omeka-s-modules/CSVImport, README.md "Auto-mapping"
 * and src/Mvc/Controller/Plugin/AutomapHeadersToMetadata.php): a header that
 * is a property term of an installed vocabulary ("dcterms:title") is mapped to
 * that property automatically. The multi-value separator is an import setting
 * (default ","; config/module.config.php `csv_import_multivalue_separator`),
 * so the file uses OMEKA_SEPARATOR and the user sets the same in the import
 * form. The official module automaps no media column: the user picks
 * "Media source → Sideload" (module omeka-s-modules/FileSideload, whose
 * ingester takes a path relative to its configured directory) for the `file`
 * column. `file` is also the header Daniel-KM's extended CSV Import maps to
 * sideloading by itself (its config/module.config.php automap list:
 * 'file' => 'media_source {sideload}').
 *
 * Dublin Core terms: the vocabulary Omeka S installs as "Dublin Core"
 * (prefix dcterms, http://purl.org/dc/terms/), i.e. the DCMI Metadata Terms'
 * properties (https://www.dublincore.org/specifications/dublin-core/dcmi-terms/).
 */
export const DCTERMS_PROPERTIES = [
  'abstract', 'accessRights', 'accrualMethod', 'accrualPeriodicity', 'accrualPolicy', 'alternative', 'audience', 'available',
  'bibliographicCitation', 'conformsTo', 'contributor', 'coverage', 'created', 'creator', 'date', 'dateAccepted', 'dateCopyrighted',
  'dateSubmitted', 'description', 'educationLevel', 'extent', 'format', 'hasFormat', 'hasPart', 'hasVersion', 'identifier',
  'instructionalMethod', 'isFormatOf', 'isPartOf', 'isReferencedBy', 'isReplacedBy', 'isRequiredBy', 'issued', 'isVersionOf',
  'language', 'license', 'mediator', 'medium', 'modified', 'provenance', 'publisher', 'references', 'relation', 'replaces',
  'requires', 'rights', 'rightsHolder', 'source', 'spatial', 'subject', 'tableOfContents', 'temporal', 'title', 'type', 'valid',
] as const;

/** Columns that are not property terms, each with the mapping the user chooses in Omeka's import form. */
export const OMEKA_SPECIAL_COLUMNS: Record<string, string> = {
  file: 'Media source → Sideload (module FileSideload; its directory set to the import folder)',
};

/** The multi-value separator to enter in Omeka's CSV Import form ("Multivalue separator"). */
export const OMEKA_SEPARATOR = '|';

/** The Omeka S profile's columns, in order. */
export const OMEKA_COLUMNS = [
  'dcterms:identifier',
  'dcterms:title',
  'dcterms:subject',
  'dcterms:description',
  'dcterms:spatial',
  'dcterms:created',
  'dcterms:format',
  'dcterms:extent',
  'dcterms:source',
  'dcterms:rights',
  'dcterms:type',
  'file',
] as const;
