using Supawatch.Cli;

return await SupawatchCli.RunAsync(args, Console.Error);
