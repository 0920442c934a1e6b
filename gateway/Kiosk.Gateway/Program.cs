using Kiosk.Gateway.Cli;

return await KioskCli.RunAsync(args);
