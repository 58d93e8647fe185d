using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Baselines;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>A baseline use case's host in a cmdlet: PowerShell paths and wildcards, the trust parameters, ShouldProcess and the output streams.</summary>
    internal sealed class BaselineCmdletHost : IBaselineHost
    {
        private readonly BaselineCmdlet _cmdlet;
        private readonly ProgressReporter? _progress;
        private readonly bool _literal;

        /// <param name="literal">Folder arguments are -LiteralPath values (no wildcards).</param>
        public BaselineCmdletHost(BaselineCmdlet cmdlet, ProgressReporter? progress = null, bool literal = false)
        {
            _cmdlet = cmdlet;
            _progress = progress;
            _literal = literal;
        }

        public IReadOnlyList<string> ResolveFolders(IReadOnlyList<string> inputs) => _cmdlet.ResolveInstallFolders(inputs, _literal);

        public string? ResolveFolder(string input, string advice)
        {
            string? resolved = _cmdlet.ResolveFolderArgument(input);
            if (resolved == null)
            {
                return null;
            }

            string full = Path.GetFullPath(resolved).TrimEnd(Path.DirectorySeparatorChar);
            if (Directory.Exists(full))
            {
                return full;
            }

            _cmdlet.WriteError(BaselineCmdletSupport.ForMissingFolder(full, input, advice));
            return null;
        }

        public Func<string, bool>? MatchNames(IReadOnlyList<string>? include, IReadOnlyList<string>? exclude) => SupplyChainCmdlet.BuildNameFilter(include, exclude);

        public AuthenticodeVerifier CreateVerifier() => TrustConfiguration.CreateDefaultVerifier(_cmdlet);

        public bool ShouldProcess(string target, string action) => _cmdlet.ShouldProcess(target, action);

        public void Warn(string sentence) => _cmdlet.WriteWarning(sentence);

        public void Report(BaselineRunException error) => _cmdlet.WriteError(BaselineCmdletSupport.ForRunError(error));

        public void Progress(long done, long bytes, string? current, long? total) => _progress?.Report(done, bytes, current, total);

        public void Output(BaselineChange change) => _cmdlet.WriteObject(change);
    }
}
