/**
 * AtoM's information-object CSV, ISAD(G) template.
 *
 * Source of the column list (names and order): the example file AtoM ships
 * for its CSV import, artefactual/atom `lib/task/import/example/isad/example_information_objects_isad.csv`
 * (header row), and AtoM's documentation "CSV import" (https://www.accesstomemory.org/docs/latest/user-manual/import-export/csv-import/).
 * Multi-valued cells (access points, event fields, languages) take `|`
 * between values, as in that example file; `parentId` refers to another row's
 * `legacyId` in the same file.
 */
export const ATOM_ISAD_COLUMNS = [
  'legacyId',
  'parentId',
  'qubitParentSlug',
  'identifier',
  'title',
  'eventActors',
  'eventActorHistories',
  'eventTypes',
  'eventDates',
  'eventStartDates',
  'eventEndDates',
  'levelOfDescription',
  'extentAndMedium',
  'repository',
  'archivalHistory',
  'acquisition',
  'scopeAndContent',
  'appraisal',
  'accruals',
  'arrangement',
  'accessConditions',
  'reproductionConditions',
  'language',
  'script',
  'languageNote',
  'physicalCharacteristics',
  'findingAids',
  'locationOfOriginals',
  'locationOfCopies',
  'relatedUnitsOfDescription',
  'publicationNote',
  'generalNote',
  'subjectAccessPoints',
  'placeAccessPoints',
  'nameAccessPoints',
  'genreAccessPoints',
  'descriptionIdentifier',
  'institutionIdentifier',
  'rules',
  'descriptionStatus',
  'levelOfDetail',
  'revisionHistory',
  'languageOfDescription',
  'scriptOfDescription',
  'sources',
  'archivistNote',
  'publicationStatus',
  'physicalObjectName',
  'physicalObjectLocation',
  'physicalObjectType',
  'alternativeIdentifiers',
  'alternativeIdentifierLabels',
  'digitalObjectPath',
  'digitalObjectURI',
  'digitalObjectChecksum',
  'culture',
] as const;

export type AtomColumn = (typeof ATOM_ISAD_COLUMNS)[number];

/** AtoM's multi-value separator (no escaping: a `|` inside a value is replaced, see profileValues). */
export const ATOM_SEPARATOR = '|';
