@rem package.json scripts start with the POSIX `exec`, so no shell sits between npm and the
@rem script (npm hands SIGINT/SIGTERM to its direct child only). This lets cmd.exe run them too.
@%*
