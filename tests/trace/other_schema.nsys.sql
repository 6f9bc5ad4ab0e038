-- An SQLite profile of another schema: the nvprof layout (StringTable, an "_id_" key and kernel
-- names in a "name" column, no StringIds). pkbench trace import must refuse it by name.
CREATE TABLE StringTable (_id_ INTEGER PRIMARY KEY AUTOINCREMENT, value TEXT NOT NULL UNIQUE);
CREATE TABLE Version (version INTEGER);
INSERT INTO Version VALUES (12);
CREATE TABLE CUPTI_ACTIVITY_KIND_RUNTIME (_id_ INTEGER PRIMARY KEY AUTOINCREMENT, cbid INT NOT NULL, start INT NOT NULL, end INT NOT NULL, processId INT NOT NULL, threadId INT NOT NULL, correlationId INT NOT NULL, returnValue INT NOT NULL);
CREATE TABLE CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL (_id_ INTEGER PRIMARY KEY AUTOINCREMENT, start INT NOT NULL, end INT NOT NULL, deviceId INT NOT NULL, contextId INT NOT NULL, streamId INT NOT NULL, gridX INT NOT NULL, gridY INT NOT NULL, gridZ INT NOT NULL, blockX INT NOT NULL, blockY INT NOT NULL, blockZ INT NOT NULL, correlationId INT NOT NULL, name INT NOT NULL);
INSERT INTO StringTable (value) VALUES ('gemm');
INSERT INTO CUPTI_ACTIVITY_KIND_RUNTIME (cbid, start, end, processId, threadId, correlationId, returnValue) VALUES (211, 100, 104, 1, 1, 1, 0);
INSERT INTO CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL (start, end, deviceId, contextId, streamId, gridX, gridY, gridZ, blockX, blockY, blockZ, correlationId, name) VALUES (110, 120, 0, 1, 7, 1, 1, 1, 32, 1, 1, 1, 1);
