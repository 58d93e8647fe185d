using System;
using System.Collections.Generic;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Baselines;

namespace SupplyChainTools.Core.Tests.Baselines
{
    /// <summary>A baseline use case's host that keeps what it is told: paths are taken as given, wildcards are not supported.</summary>
    internal sealed class RecordingBaselineHost : IBaselineHost
    {
        public bool Confirm { get; set; } = true;
        public List<string> Confirmations { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
        public List<BaselineRunException> Errors { get; } = new List<BaselineRunException>();
        public List<BaselineChange> Changes { get; } = new List<BaselineChange>();
        public long ProgressReports { get; private set; }

        public IReadOnlyList<string> ResolveFolders(IReadOnlyList<string> inputs) => inputs;

        public string? ResolveFolder(string input, string advice) => System.IO.Directory.Exists(input) ? input : null;

        public Func<string, bool>? MatchNames(IReadOnlyList<string>? include, IReadOnlyList<string>? exclude) => null;

        public AuthenticodeVerifier CreateVerifier() => new AuthenticodeVerifier(new AuthenticodeOptions());

        public bool ShouldProcess(string target, string action)
        {
            Confirmations.Add(action);
            return Confirm;
        }

        public void Warn(string sentence) => Warnings.Add(sentence);

        public void Report(BaselineRunException error) => Errors.Add(error);

        public void Progress(long done, long bytes, string? current, long? total) => ProgressReports++;

        public void Output(BaselineChange change) => Changes.Add(change);
    }
}
