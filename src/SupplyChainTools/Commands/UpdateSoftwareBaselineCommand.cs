using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Accepts reviewed changes into a new baseline: the BaselineChange objects piped in (each path is captured
    /// again as it is now), or every entry below the folders given with -Path (rescanned). There is deliberately no
    /// way to accept everything blindly. A signed baseline can only be updated with its signing certificate.
    /// </summary>
    [Cmdlet(VerbsData.Update, "SoftwareBaseline", SupportsShouldProcess = true, DefaultParameterSetName = ChangesSet)]
    [OutputType(typeof(BaselineSummary))]
    public sealed class UpdateSoftwareBaselineCommand : PSCmdlet
    {
        private const string ChangesSet = "Changes";
        private const string RescanSet = "Rescan";
        private readonly System.Threading.CancellationTokenSource _stopping = new System.Threading.CancellationTokenSource();
        private readonly List<(int Tree, string Path)> _accepted = new List<(int, string)>();
        private readonly List<object> _changes = new List<object>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string ReferenceBaseline { get; set; } = string.Empty;

        /// <summary>Where to write the updated baseline (may be the reference itself: it is replaced only when complete).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; } = string.Empty;

        /// <summary>The reviewed changes to accept (SupplyChainTools.BaselineChange objects from Compare-SoftwareBaseline, also deserialized ones).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ChangesSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        /// <summary>Folders (below the baseline's roots) to rescan: every entry below them is replaced by what is there now.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RescanSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Required when the reference is signed: the new baseline is signed with it.</summary>
        [Parameter]
        [ValidateNotNull]
        public X509Certificate2? SigningCertificate { get; set; }

        /// <summary>The certificate or thumbprint the reference must be signed by (default: -SigningCertificate).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? TrustedSigner { get; set; }

        /// <summary>The rule the new baseline records (default: the reference's). Who counts as the same signer across an update: Publisher (the publisher under the same root; a renewed certificate is UpdatedSameSigner) or Certificate (the exact leaf certificate).</summary>
        [Parameter]
        [ValidateSet(SignerIdentityRule.Publisher, SignerIdentityRule.Certificate)]
        public string? SignerIdentity { get; set; }

        /// <summary>Replace an existing file other than the reference baseline itself.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (PSObject change in InputObject ?? Array.Empty<PSObject>())
            {
                _changes.Add(change);
            }
        }

        protected override void EndProcessing()
        {
            string referencePath = BaselineCmdletSupport.ResolveFile(this, ReferenceBaseline);
            string outFile = BaselineCmdletSupport.ResolveFile(this, OutFile);
            BaselineCmdletSupport.RefuseExistingOutFile(this, outFile, Force, replaceable: referencePath);
            BaselineCmdletSupport.RequirePrivateKey(this, SigningCertificate);
            bool signed = File.Exists(BaselineTrust.SignaturePathOf(referencePath));
            if (signed && SigningCertificate == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"The baseline '{referencePath}' is signed; updating it needs -SigningCertificate so the new baseline is signed too."),
                    ErrorIds.SigningCertificateRequired,
                    ErrorCategory.SecurityError,
                    referencePath));
            }

            List<string> trusted = BaselineCmdletSupport.ResolveSigners(this, TrustedSigner);
            if (trusted.Count == 0 && signed && SigningCertificate != null)
            {
                trusted.Add(SigningCertificate.Thumbprint.ToUpperInvariant());
            }

            BaselineVerification reference = BaselineCmdletSupport.VerifyOrStop(this, referencePath, trusted, _stopping.Token);

            IReadOnlyList<string> roots = reference.Header.Roots;
            var options = new BaselineScanOptions
            {
                Algorithms = reference.Header.Algorithms,
                DegreeOfParallelism = Environment.ProcessorCount,
                FileNameFilter = BaselineCmdletSupport.NameFilter(reference.Header.Include, reference.Header.Exclude, BaselineCmdletSupport.OutputNames(outFile, roots)),
                Verifier = TrustConfiguration.CreateDefaultVerifier(this),
            };

            Func<BaselineEntry, bool> isReplaced;
            Func<IEnumerable<BaselinePair>> replacements;
            string what;
            if (ParameterSetName == RescanSet)
            {
                List<(int Tree, string Folder)> subtrees = ResolveSubtrees(roots);
                if (subtrees.Count == 0)
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("None of the -Path folders can be rescanned (see the errors above); nothing was written."), ErrorIds.NothingToAccept, ErrorCategory.InvalidArgument, Path));
                }

                isReplaced = entry => subtrees.Any(s => s.Tree == entry.Tree && (s.Folder.Length == 0 || entry.Path == s.Folder || entry.Path.StartsWith(s.Folder + "/", StringComparison.Ordinal)));
                replacements = () => subtrees.SelectMany(s => BaselineScanner.ScanSubtree(roots[s.Tree], s.Tree, s.Folder, options, _stopping.Token));
                what = "rescan " + string.Join(", ", subtrees.Select(s => System.IO.Path.Combine(roots[s.Tree], s.Folder)));
            }
            else
            {
                CollectAcceptedChanges(reference);
                if (_accepted.Count == 0)
                {
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("No change of this baseline was given to accept; pipe in the reviewed changes from Compare-SoftwareBaseline, or use -Path to rescan a folder."), ErrorIds.NothingToAccept, ErrorCategory.InvalidArgument, referencePath));
                }

                var keys = new HashSet<(int, string)>(_accepted);
                isReplaced = entry => keys.Contains((entry.Tree, entry.Path));
                replacements = () => CaptureAccepted(roots, options);
                what = $"accept {_accepted.Count} reviewed change(s)";
            }

            if (!ShouldProcess(outFile, $"Write an updated software baseline from '{referencePath}' ({what})"))
            {
                return;
            }

            var header = new BaselineHeader(BaselineCmdletSupport.ModuleVersion, Dns.GetHostName(), DateTime.UtcNow, roots, reference.Header.Algorithms, reference.Header.Include, reference.Header.Exclude, reference.Header.Platform);
            header.SignerIdentity = SignerIdentity ?? reference.Header.SignerIdentity;
            BaselineSummary summary;
            try
            {
                using (BaselineRecorder recorder = BaselineCmdletSupport.OpenRecorder(this, outFile, header))
                {
                    // The reader is closed before the new file is moved into place (it may replace the reference).
                    using (BaselineReader reader = BaselineReader.Open(referencePath, _stopping.Token))
                    {
                        foreach (BaselinePair pair in recorder.Record(BaselineRecorder.Replace(reader.ReadEntries(_stopping.Token), replacements(), isReplaced)))
                        {
                            if (pair.Vanished != null)
                            {
                                WriteWarning(pair.Vanished);
                            }
                            else if (pair.Current?.Error != null && !ReferenceEquals(pair.Current, pair.Reference))
                            {
                                WriteError(BaselineCmdletSupport.ForUnreadableEntry(pair.Current, roots[pair.Current.Tree]));
                            }
                        }

                        if (!string.Equals(reader.Digest, reference.Digest, StringComparison.Ordinal))
                        {
                            throw new BaselineFormatException(BaselineProblem.Modified, $"The baseline '{referencePath}' is refused: it changed while it was being updated.");
                        }
                    }

                    summary = recorder.Complete(SigningCertificate);
                }
            }
            catch (BaselineFormatException ex)
            {
                ThrowTerminatingError(BaselineCmdletSupport.ForRefusedBaseline(ex, referencePath));
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (BaselineRootException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.FolderUnreadable, ErrorCategory.ReadError, ex.Folder));
                return;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.BaselineWriteFailed, ex is IOException ? ErrorCategory.WriteError : ErrorCategory.PermissionDenied, outFile));
                return;
            }

            WriteObject(summary);
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }

        private void CollectAcceptedChanges(BaselineVerification reference)
        {
            foreach (object item in _changes)
            {
                var change = item as PSObject ?? new PSObject(item);
                string? relative = change.Properties["RelativePath"]?.Value as string;
                object? treeValue = change.Properties["Tree"]?.Value;
                string? digest = change.Properties["BaselineDigest"]?.Value as string;
                string? oldPath = change.Properties["OldPath"]?.Value as string;
                if (relative == null || treeValue == null || digest == null || !LanguagePrimitives.TryConvertTo(treeValue, out int tree))
                {
                    WriteError(new ErrorRecord(new ArgumentException("The input is not a BaselineChange (it needs RelativePath, Tree and BaselineDigest)."), ErrorIds.NotABaselineChange, ErrorCategory.InvalidArgument, item));
                    continue;
                }

                if (!string.Equals(digest, reference.Digest, StringComparison.OrdinalIgnoreCase))
                {
                    WriteError(new ErrorRecord(
                        new ArgumentException($"The change to '{relative}' was found against another baseline (digest {digest}), not this one ({reference.Digest}); it is not accepted."),
                        ErrorIds.ChangeFromAnotherBaseline,
                        ErrorCategory.InvalidArgument,
                        item));
                    continue;
                }

                if (tree < 0 || tree >= reference.Header.Roots.Count || !BaselineEntry.IsValidRelativePath(relative) || (oldPath != null && !BaselineEntry.IsValidRelativePath(oldPath)))
                {
                    WriteError(new ErrorRecord(new ArgumentException($"The change names '{relative}', which is not a path of this baseline."), ErrorIds.NotABaselineChange, ErrorCategory.InvalidArgument, item));
                    continue;
                }

                _accepted.Add((tree, relative));
                if (oldPath != null)
                {
                    _accepted.Add((tree, oldPath));
                }
            }
        }

        private IEnumerable<BaselinePair> CaptureAccepted(IReadOnlyList<string> roots, BaselineScanOptions options)
        {
            var captured = new List<BaselineEntry>();
            foreach ((int tree, string relative) in _accepted.Distinct())
            {
                BaselineEntry? entry = BaselineScanner.CaptureOne(roots[tree], tree, relative, options, _stopping.Token);
                if (entry != null)
                {
                    captured.Add(entry);
                }
            }

            captured.Sort(BaselineOrder.Instance);
            return captured.Select(entry => new BaselinePair(null, entry, roots[entry.Tree]));
        }

        private List<(int Tree, string Folder)> ResolveSubtrees(IReadOnlyList<string> roots)
        {
            var subtrees = new List<(int Tree, string Folder)>();
            foreach (string input in Path ?? Array.Empty<string>())
            {
                string full = System.IO.Path.GetFullPath(BaselineCmdletSupport.ResolveFile(this, input)).TrimEnd(System.IO.Path.DirectorySeparatorChar);
                int tree = -1;
                for (int i = 0; i < roots.Count; i++)
                {
                    if (RealPath.IsInside(roots[i], full))
                    {
                        tree = i;
                    }
                }

                if (!Directory.Exists(full))
                {
                    WriteError(BaselineCmdletSupport.ForMissingFolder(full, input, "-Path names existing folders to rescan"));
                    continue;
                }

                if (tree < 0)
                {
                    WriteError(new ErrorRecord(new ArgumentException($"'{full}' is not below a root of the baseline ({string.Join(", ", roots)}); -Path names folders inside the recorded ones."), ErrorIds.NotBelowBaselineRoot, ErrorCategory.InvalidArgument, input));
                    continue;
                }

                string relative = full.Length <= roots[tree].TrimEnd(System.IO.Path.DirectorySeparatorChar).Length
                    ? string.Empty
                    : full.Substring(roots[tree].TrimEnd(System.IO.Path.DirectorySeparatorChar).Length + 1).Replace(System.IO.Path.DirectorySeparatorChar, '/');
                subtrees.Add((tree, relative));
            }

            // Canonical order, and no subtree inside another (it would be captured twice).
            subtrees.Sort((a, b) => BaselineOrder.Compare(a.Tree, a.Folder, true, b.Tree, b.Folder, true));
            var result = new List<(int Tree, string Folder)>();
            foreach (var subtree in subtrees)
            {
                if (result.Any(r => r.Tree == subtree.Tree && (r.Folder.Length == 0 || subtree.Folder == r.Folder || subtree.Folder.StartsWith(r.Folder + "/", StringComparison.Ordinal))))
                {
                    continue;
                }

                result.Add(subtree);
            }

            return result;
        }
    }
}
