-- An Nsight Systems export of a run that traced CUDA API calls but recorded no kernel: the
-- kernel table is absent (Nsight creates tables lazily). Refused: nothing to replay.
CREATE TABLE StringIds (id INTEGER NOT NULL PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INTEGER NOT NULL, end INTEGER NOT NULL, eventClass INTEGER NOT NULL, globalTid INTEGER, correlationId INTEGER, nameId INTEGER NOT NULL, returnValue INTEGER NOT NULL, callchainId INTEGER);
INSERT INTO StringIds VALUES (1, 'cudaMalloc_v3020');
INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (100, 104, 1, 1, 1, 1, 0, NULL);
