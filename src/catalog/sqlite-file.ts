/**
 * Opening passwatch's SQLite files: created private (0600; SQLite gives its -wal and -shm files
 * the same mode), and an existing file that is empty or not a database is refused with an error
 * that names it, instead of silently starting over or blaming another file.
 */
import { closeSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** A store file passwatch cannot use as it is. */
export class StoreFileError extends Error {
  override readonly name = 'StoreFileError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Open the SQLite file at `path` (what it holds is `what`, e.g. "catalog store") and run `setup`
 * (pragmas, migrations) on it. Closes the connection if `setup` throws.
 *
 * @throws StoreFileError when an existing file is empty or is not a SQLite database.
 */
export function openSqliteFile(
  path: string,
  what: string,
  setup: (db: Database.Database) => void,
): Database.Database {
  const size = sizeOf(path);
  // In WAL mode a young database can live wholly in its -wal file, the main file still empty.
  if (size === 0 && (sizeOf(`${path}-wal`) ?? 0) === 0) {
    throw new StoreFileError(
      path,
      `the ${what} ${path} is empty (0 bytes), so it holds no data passwatch wrote; restore it from a backup, or delete it to start with an empty one`,
    );
  }
  if (size === null) {
    // Create it private before SQLite does (SQLite would use 0644 minus the umask).
    try {
      closeSync(openSync(path, 'wx', 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const db = new Database(path);
  try {
    setup(db);
  } catch (error) {
    db.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreFileError(
        path,
        `the ${what} ${path} is damaged or not a SQLite database (${(error as Error).message}); restore it from a backup, or move it away to start with an empty one`,
      );
    }
    throw error;
  }
  return db;
}

/** A file's size, or null when it does not exist. */
function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}
