using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace SupplyChainTools.Core.Tests.Signatures
{
    /// <summary>Skips, with the reason shown by the runner, when gpg is not installed.</summary>
    public sealed class GpgFactAttribute : FactAttribute
    {
        public GpgFactAttribute()
        {
            if (SigningTools.Find("gpg") == null)
            {
                Skip = "gpg is not installed (Debian package 'gnupg'): it makes the OpenPGP fixtures and is the second opinion.";
            }
        }
    }

    /// <summary>Skips, with the reason shown by the runner, when minisign is not installed.</summary>
    public sealed class MinisignFactAttribute : FactAttribute
    {
        public MinisignFactAttribute()
        {
            if (SigningTools.Find("minisign") == null)
            {
                Skip = "minisign is not installed (Debian package 'minisign'): it makes the minisign fixtures and is the second opinion.";
            }
        }
    }

    /// <summary>Skips when openssl is not installed.</summary>
    public sealed class OpensslFactAttribute : FactAttribute
    {
        public OpensslFactAttribute()
        {
            if (SigningTools.Find("openssl") == null)
            {
                Skip = "openssl is not installed: it makes the cosign-format (ECDSA P-256) fixtures.";
            }
        }
    }

    /// <summary>Runs the independent signing tools that make the fixtures (keys in temporary folders only).</summary>
    internal static class SigningTools
    {
        public static string? Find(string tool) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

        /// <summary>Runs the tool; returns exit code, stdout and stderr. Input, when given, is written to stdin.</summary>
        public static (int ExitCode, string Output, string Error) Run(string tool, string? gnupgHome, string? input, params string[] arguments)
        {
            var start = new ProcessStartInfo(Find(tool) ?? tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            if (gnupgHome != null)
            {
                start.Environment["GNUPGHOME"] = gnupgHome;
            }

            using Process process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (input != null)
            {
                process.StandardInput.Write(input);
            }

            process.StandardInput.Close();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(true);
                throw new TimeoutException(tool + " did not finish");
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }

        public static string Checked(string tool, string? gnupgHome, params string[] arguments)
        {
            var (code, output, error) = Run(tool, gnupgHome, null, arguments);
            if (code != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(" ", arguments)} failed ({code}): {error}");
            }

            return output;
        }
    }
}
