import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { Line } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import type { EpochLog } from '../../../../electron/common/contract/index.js';

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

/** Loss (left axis) and accuracy (right axis, 0–1) per epoch, training and validation. */
export function TrainChart({ history }: { history: EpochLog[] }) {
  const { t } = useTranslation();
  const labels = history.map((h) => String(h.epoch));
  const line = (label: string, data: number[], color: string, axis: 'loss' | 'acc', dashed = false) => ({
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    yAxisID: axis,
    borderDash: dashed ? [5, 4] : undefined,
    pointRadius: 2,
    tension: 0.2,
  });
  return (
    <div className="learn-chart" data-testid="learn-chart" data-epochs={history.length}>
      <Line
        aria-label={t('learn.chart.label')}
        data={{
          labels,
          datasets: [
            line(t('learn.chart.loss'), history.map((h) => h.loss), '#8a4b2a', 'loss'),
            line(t('learn.chart.valLoss'), history.map((h) => h.valLoss), '#8a4b2a', 'loss', true),
            line(t('learn.chart.accuracy'), history.map((h) => h.accuracy), '#2f6f4f', 'acc'),
            line(t('learn.chart.valAccuracy'), history.map((h) => h.valAccuracy), '#2f6f4f', 'acc', true),
          ],
        }}
        options={{
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            x: { title: { display: true, text: t('learn.chart.epoch') } },
            loss: { type: 'linear', position: 'left', title: { display: true, text: t('learn.chart.lossAxis') }, beginAtZero: true },
            acc: { type: 'linear', position: 'right', min: 0, max: 1, title: { display: true, text: t('learn.chart.accAxis') }, grid: { drawOnChartArea: false } },
          },
        }}
      />
    </div>
  );
}
