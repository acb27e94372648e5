import { parseArgs } from 'node:util';
import { ImportError, type ImportReport } from '../catalog/service/index.js';
import { ConfigError } from '../config/index.js';
import { CliError, type CliIo, type CliServices, requireServices } from './io.js';
import { reportConfigError } from './serve.js';

const importHelp = `Usage: passwatch import FILE [--group NAME] [--json]

Loads the element sets of a TLE/3LE, OMM JSON or OMM CSV file (detected from the content) into
the store of the data directory (PASSWATCH_DATA_DIR), as the source "import:<file name>", all or
nothing. Use it when passwatch cannot reach CelesTrak: download the file elsewhere and import it.
A running passwatch picks the new elements up within seconds. Where an object also comes from
another source, the newest element set is used. Importing the same file name again replaces
what it brought before; "passwatch catalog" lists it with its file.

Options:
  --group NAME   put the file's objects in this group (e.g. visual), as well as their others
  --json         print the outcome as JSON

Bad records are reported on stderr (line: reason) and the good ones are imported.
Exit status: 0 imported, 1 nothing imported (unreadable file, no valid element set), 2 bad usage.
`;

export const importCommand = {
  help: importHelp,
  run: async (args: string[], io: CliIo, services?: CliServices): Promise<number> => {
    let values: { group?: string; json?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: { group: { type: 'string' }, json: { type: 'boolean' } },
      }));
    } catch (error) {
      throw new CliError(`${(error as Error).message}; see "passwatch help import"`);
    }
    if (positionals.length !== 1) {
      throw new CliError('give exactly one FILE to import; see "passwatch help import"');
    }
    const group = values.group?.trim();
    if (values.group !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(group ?? '')) {
      throw new CliError(
        `--group must be a name of letters, digits, ".", "_" or "-" (got "${values.group}")`,
      );
    }
    const { importFile } = requireServices(services);
    let report: ImportReport;
    try {
      report = await importFile(positionals[0]!, group ?? null, io.now);
    } catch (error) {
      if (error instanceof ConfigError) return reportConfigError(error, io);
      if (error instanceof ImportError) throw new CliError(error.message, 1);
      throw error;
    }
    for (const issue of report.issues) io.err(`passwatch: ${report.path}: ${issue}\n`);
    if (values.json) {
      io.out(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.out(
        `imported ${report.elements} element sets from ${report.path} as ${report.source}` +
          `${report.group ? ` (group ${report.group})` : ''}: ${report.added} new objects, ` +
          `${report.changed} with newer elements, ${report.removed} gone\n`,
      );
    }
    return 0;
  },
};
