using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Reports drift from a software baseline: against the live folders (default: the folders it recorded) or
    /// against another baseline. Both sides are streamed and merged; the baseline's integrity (and signer, with
    /// -TrustedSigner) is checked before anything is reported.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "SoftwareBaseline", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(BaselineChange))]
    [OutputType(typeof(BaselineComparisonSummary))]
    public sealed class CompareSoftwareBaselineCommand : PSCmdlet
    {
        private const string LiveSet = "Live";
        private const string LiveLiteralSet = "LiveLiteral";
        private const string BaselineSet = "Baseline";
        private readonly System.Threading.CancellationTokenSource _stopping = new System.Threading.CancellationTokenSource();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<string> _inputs = new List<string>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string ReferenceBaseline { get; set; } = string.Empty;

        /// <summary>The live folders, one per root of the baseline, in the same order. Default: the folders the baseline recorded.</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ParameterSetName = LiveSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiveLiteralSet)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>Compare with another baseline (another machine's, or a later one) instead of the live folders.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BaselineSet)]
        [ValidateNotNullOrEmpty]
        public string DifferenceBaseline { get; set; } = string.Empty;

        /// <summary>The certificate (or SHA-1/SHA-256 thumbprint) the reference baseline must be signed by.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? TrustedSigner { get; set; }

        /// <summary>Reuse recorded hashes for files whose size, mtime, ctime and file id are all unchanged.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = LiveLiteralSet)]
        public SwitchParameter Quick { get; set; }

        /// <summary>Return one summary object (counts per change kind, ExitCode) instead of the changes.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>Default: the rule the baseline recorded (Publisher unless it was made with -SignerIdentity Certificate). Who counts as the same signer across an update: Publisher (the publisher under the same root; a renewed certificate is UpdatedSameSigner) or Certificate (the exact leaf certificate).</summary>
        [Parameter]
        [ValidateSet(SignerIdentityRule.Publisher, SignerIdentityRule.Certificate)]
        public string? SignerIdentity { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = LiveLiteralSet)]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == LiveLiteralSet)
            {
                _inputs.AddRange(LiteralPath ?? Array.Empty<string>());
            }
            else if (ParameterSetName == LiveSet && Path != null)
            {
                _inputs.AddRange(Path);
            }
        }

        protected override void EndProcessing()
        {
            string referencePath = BaselineCmdletSupport.ResolveFile(this, ReferenceBaseline);
            List<string> trusted = BaselineCmdletSupport.ResolveSigners(this, TrustedSigner);
            string[] comparedWith = ParameterSetName == BaselineSet ? new[] { BaselineCmdletSupport.ResolveFile(this, DifferenceBaseline) } : _inputs.ToArray();
            BaselineVerification reference = Verify(referencePath, trusted, referencePath, comparedWith);

            BaselineComparer comparer;
            string? differenceDigest = null;
            var progress = new ProgressReporter(this, 0x5C7011, "Comparing with a software baseline");
            try
            {
                using (BaselineReader referenceReader = BaselineReader.Open(referencePath, _stopping.Token))
                {
                    IEnumerable<BaselinePair> pairs;
                    BaselineReader? differenceReader = null;
                    try
                    {
                        if (ParameterSetName == BaselineSet)
                        {
                            string differencePath = comparedWith[0];
                            BaselineVerification difference = Verify(differencePath, new List<string>(), referencePath, comparedWith);
                            differenceDigest = difference.Digest;
                            string[] common = reference.Header.Algorithms.Intersect(difference.Header.Algorithms, StringComparer.Ordinal).ToArray();
                            BaselineCmdletSupport.CheckShape(this, reference.Header.Roots.Count, difference.Header.Roots.Count, common, differencePath);
                            bool sameHost = string.Equals(reference.Header.HostName, difference.Header.HostName, StringComparison.OrdinalIgnoreCase);
                            comparer = new BaselineComparer(reference.Digest, common, difference.Header.Roots, compareFileIdentity: sameHost) { CollectChanges = Summary.IsPresent, SignerIdentity = SignerIdentity ?? reference.Header.SignerIdentity };
                            differenceReader = BaselineReader.Open(differencePath, _stopping.Token);
                            pairs = BaselineScanner.Join(referenceReader.ReadEntries(_stopping.Token), differenceReader.ReadEntries(_stopping.Token));
                        }
                        else
                        {
                            List<string> roots = _inputs.Count == 0
                                ? reference.Header.Roots.ToList()
                                : BaselineCmdletSupport.ResolveFolders(this, _inputs, ParameterSetName == LiveLiteralSet);
                            BaselineCmdletSupport.CheckShape(this, reference.Header.Roots.Count, roots.Count, reference.Header.Algorithms.ToArray(), string.Join(", ", _inputs));
                            foreach (string root in roots.Where(r => !Directory.Exists(r)))
                            {
                                ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"The folder '{root}' recorded in the baseline does not exist; name the folders to compare with -Path."), ErrorIds.FolderNotFound, ErrorCategory.ObjectNotFound, root));
                            }

                            comparedWith = roots.ToArray();
                            var options = new BaselineScanOptions
                            {
                                Algorithms = reference.Header.Algorithms,
                                DegreeOfParallelism = ThrottleLimit,
                                FileNameFilter = BaselineCmdletSupport.NameFilter(reference.Header.Include, reference.Header.Exclude, BaselineCmdletSupport.OutputNames(referencePath, roots)),
                                Verifier = TrustConfiguration.CreateDefaultVerifier(this),
                                Quick = Quick.IsPresent,
                            };
                            comparer = new BaselineComparer(reference.Digest, reference.Header.Algorithms, roots, compareFileIdentity: true) { CollectChanges = Summary.IsPresent, SignerIdentity = SignerIdentity ?? reference.Header.SignerIdentity };
                            pairs = BaselineScanner.Scan(roots, options, referenceReader.ReadEntries(_stopping.Token), _stopping.Token);
                        }

                        long done = 0;
                        long bytes = 0;
                        IEnumerable<BaselinePair> observed = pairs.Select(pair =>
                        {
                            done++;
                            bytes += pair.BytesRead;
                            if (pair.Vanished != null)
                            {
                                WriteWarning(pair.Vanished);
                            }

                            progress.Report(done, bytes, (pair.Current ?? pair.Reference)?.Path, reference.EntryCount);
                            return pair;
                        });

                        foreach (BaselineChange change in comparer.Compare(observed))
                        {
                            if (!Summary)
                            {
                                WriteObject(change);
                            }
                        }
                    }
                    finally
                    {
                        differenceReader?.Dispose();
                    }

                    if (!string.Equals(referenceReader.Digest, reference.Digest, StringComparison.Ordinal))
                    {
                        throw new BaselineFormatException(BaselineProblem.Modified, $"The baseline '{referencePath}' is refused: it changed while it was being compared (its digest is now {referenceReader.Digest}, it was {reference.Digest}).");
                    }
                }
            }
            catch (BaselineFormatException ex)
            {
                Refuse(ex, referencePath, comparedWith);
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
            catch (IOException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.BaselineComparisonFailed, ErrorCategory.ReadError, referencePath));
                return;
            }
            finally
            {
                progress.Complete();
            }

            if (Summary)
            {
                WriteObject(comparer.CreateSummary(reference, comparedWith, differenceDigest, Quick.IsPresent, _clock.Elapsed));
            }
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }

        private BaselineVerification Verify(string path, List<string> trusted, string referencePath, string[] comparedWith)
        {
            try
            {
                return BaselineTrust.Verify(path, trusted, _stopping.Token);
            }
            catch (FileNotFoundException)
            {
                if (Summary)
                {
                    Refuse(new BaselineFormatException(BaselineProblem.NotABaseline, $"The baseline '{path}' does not exist."), referencePath, comparedWith, ErrorIds.BaselineNotFound);
                }

                ThrowTerminatingError(BaselineCmdletSupport.ForMissingBaseline(path));
            }
            catch (BaselineFormatException ex)
            {
                Refuse(ex, referencePath, comparedWith);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(BaselineCmdletSupport.ForUnreadableBaseline(ex, path));
            }

            throw new InvalidOperationException("unreachable");
        }

        /// <summary>
        /// A refused baseline is a terminating error. With -Summary its target object is the summary of the run,
        /// ExitCode 16, so a scheduled script that catches the error still has its one number.
        /// </summary>
        private void Refuse(BaselineFormatException error, string referencePath, string[] comparedWith, string? errorId = null)
        {
            object target = Summary
                ? BaselineComparer.CreateUntrustedSummary(referencePath, error.Message, comparedWith, Quick.IsPresent, _clock.Elapsed)
                : (object)referencePath;
            ErrorRecord record = BaselineCmdletSupport.ForRefusedBaseline(error, target);
            if (errorId != null)
            {
                record = new ErrorRecord(record.Exception, errorId, ErrorCategory.ObjectNotFound, target);
            }

            ThrowTerminatingError(record);
        }
    }
}
