-- An Nsight Systems-style export whose kernel table lacks the grid and block columns (an older or
-- trimmed schema): refused, naming the table and the first missing column.
CREATE TABLE StringIds (id INTEGER NOT NULL PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER NOT NULL, end INTEGER NOT NULL, deviceId INTEGER NOT NULL, streamId INTEGER NOT NULL, correlationId INTEGER, shortName INTEGER NOT NULL);
CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (start INTEGER NOT NULL, end INTEGER NOT NULL, globalTid INTEGER, correlationId INTEGER, nameId INTEGER NOT NULL);
INSERT INTO StringIds VALUES (1, 'cudaLaunchKernel_v7000'), (2, 'gemm');
INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME VALUES (100, 104, 1, 1, 1);
INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (110, 120, 0, 7, 1, 2);
